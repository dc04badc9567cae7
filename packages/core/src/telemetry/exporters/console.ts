import type { HrTime } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * The `console` exporters, for local runs: one JSON line per span and per metric on stdout.
 * faasade's own rather than the SDK's `ConsoleSpanExporter`/`ConsoleMetricExporter`, whose
 * requires would bundle all of `@opentelemetry/sdk-trace-base` and `sdk-metrics` (~70 KB, ~3 ms
 * of compile at every cold start) into functions that never print a span.
 */

type Write = (line: string) => void;
const stdout: Write = (line) => process.stdout.write(`${line}\n`);

/** Microseconds since the epoch (or a duration in microseconds), as the SDK's console exporter shows them. */
const micros = (t: HrTime): number => Math.round(t[0] * 1e6 + t[1] / 1e3);

/**
 * Prints each span as a JSON line.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@faasade/core/telemetry';
 * // {"traceId":"…","parentSpanId":undefined,"name":"GET /orders/:id","kind":1,"duration":812,…}
 * createTelemetry({ traces: { exporter: 'console' }, metrics: { exporter: 'console' } });
 * ```
 */
export class ConsoleSpanExporter implements SpanExporter {
  constructor(private readonly write: Write = stdout) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      for (const span of spans) {
        const context = span.spanContext();
        this.write(
          JSON.stringify({
            resource: { attributes: span.resource.attributes },
            instrumentationScope: span.instrumentationScope,
            traceId: context.traceId,
            parentSpanId: span.parentSpanContext?.spanId,
            traceState: context.traceState?.serialize(),
            name: span.name,
            id: context.spanId,
            kind: span.kind,
            timestamp: micros(span.startTime),
            duration: micros(span.duration),
            attributes: span.attributes,
            status: span.status,
            events: span.events.map((e) => ({
              name: e.name,
              time: micros(e.time),
              attributes: e.attributes,
            })),
            links: span.links.map((l) => ({ context: l.context, attributes: l.attributes })),
          }),
        );
      }
      resultCallback({ code: 0 });
    } catch (error) {
      resultCallback({ code: 1, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** Prints each metric (its descriptor and data points) as a JSON line. Cumulative temporality. */
export class ConsoleMetricExporter implements PushMetricExporter {
  constructor(private readonly write: Write = stdout) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    try {
      for (const scope of metrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          this.write(
            JSON.stringify({
              scope: scope.scope.name,
              descriptor: metric.descriptor,
              dataPointType: metric.dataPointType,
              dataPoints: metric.dataPoints.map((p) => ({
                attributes: p.attributes,
                startTime: micros(p.startTime),
                endTime: micros(p.endTime),
                value: p.value,
              })),
            }),
          );
        }
      }
      resultCallback({ code: 0 });
    } catch (error) {
      resultCallback({ code: 1, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
