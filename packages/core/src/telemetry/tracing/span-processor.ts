import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { DiagnosticHandler } from '../diagnostics';
import { ExportHealth } from '../diagnostics';
import { type ExportOutcome, exportNow, RESOLVED, SerialRunner } from '../flush';

/** Limits of the span buffer. */
export interface SpanBufferLimits {
  /** Spans kept between flushes; more are dropped (and counted). Default 2048. */
  maxQueueSize?: number;
  /** Spans per export request. Default 512. */
  maxExportBatchSize?: number;
  /** How long an export may take before it counts as failed. Default 30 000 ms. */
  exportTimeoutMs?: number;
}

/**
 * Keeps ended spans in an array until the end-of-invocation flush, then hands them to the
 * exporter in one call.
 *
 * Unlike the SDK's BatchSpanProcessor it has no timer: on a function the process may freeze the
 * moment the handler returns, so an export scheduled "in five seconds" may run minutes later on
 * a thawed instance, or never. Exports happen when the runtime flushes, and only then. A flush
 * with nothing buffered, or whose exporter answers before returning, makes no promise.
 */
export class InvocationSpanProcessor implements SpanProcessor {
  private buffer: ReadableSpan[] = [];
  private dropped = 0;
  private closed = false;
  private readonly maxQueueSize: number;
  private readonly maxBatch: number;
  private readonly exportTimeoutMs: number;
  private readonly runner: SerialRunner;
  private readonly health: ExportHealth;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly report: DiagnosticHandler,
    limits: SpanBufferLimits = {},
  ) {
    this.maxQueueSize = limits.maxQueueSize ?? 2048;
    this.maxBatch = limits.maxExportBatchSize ?? 512;
    this.exportTimeoutMs = limits.exportTimeoutMs ?? 30_000;
    this.runner = new SerialRunner(() => this.exportBuffered());
    this.health = new ExportHealth('span', report);
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.closed) return;
    // Unsampled spans are recorded only for their ids; they are never exported.
    if ((span.spanContext().traceFlags & 1) === 0) return;
    if (this.buffer.length >= this.maxQueueSize) {
      this.dropped += 1;
      return;
    }
    this.buffer.push(span);
  }

  /** Exports what is buffered now (after any export in progress). `undefined` when done already. */
  flush(): Promise<void> | undefined {
    if (this.buffer.length === 0 && this.dropped === 0) return this.runner.idle();
    return this.runner.request();
  }

  /** {@link flush} as a promise. Never rejects. */
  forceFlush(): Promise<void> {
    return this.flush() ?? RESOLVED;
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.closed = true;
    try {
      await this.exporter.shutdown();
    } catch (error) {
      this.report({ level: 'debug', message: 'span exporter failed to shut down', error });
    }
  }

  /** Exports batch after batch for as long as the exporter answers synchronously. */
  private exportBuffered(): Promise<void> | undefined {
    if (this.dropped > 0) {
      this.report({
        level: 'warn',
        message: `${this.dropped} span(s) dropped: more than ${this.maxQueueSize} waited for a flush`,
      });
      this.dropped = 0;
    }
    while (this.buffer.length > 0) {
      const batch = this.buffer.length <= this.maxBatch ? this.buffer : this.buffer.slice(0, this.maxBatch);
      this.buffer = this.buffer.length <= this.maxBatch ? [] : this.buffer.slice(this.maxBatch);
      const result = exportNow((done) => this.exporter.export(batch, done), this.exportTimeoutMs);
      if (result instanceof Promise) {
        return result.then((outcome) => {
          this.settled(outcome);
          return this.exportBuffered();
        });
      }
      this.settled(result);
    }
    return undefined;
  }

  private settled(result: ExportOutcome): void {
    if (result.code === 0) this.health.succeeded();
    else this.health.failed(result.error);
  }
}
