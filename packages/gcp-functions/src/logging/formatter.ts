import { currentScope, type InvocationScope } from '@faasade/core';
import { isoTime, type LogFormatter, type LogRecord } from '@faasade/core/logger';
import { httpRequestJson } from './http-request';
import { SEVERITY } from './severity';

/** Options of {@link createCloudLoggingFormatter}. */
export interface CloudLoggingOptions {
  /** The project in `logging.googleapis.com/trace`; without one that key is left out (the ids stay in `traceId`/`spanId`). */
  projectId?: string;
  /** The `service` label of lines written outside any invocation. */
  service?: string;
}

/**
 * Cloud Logging structured JSON, one object per line on stdout: `severity`, `message`, `time`,
 * the trace as `logging.googleapis.com/trace` (`projects/<project>/traces/<id>`), `spanId` and
 * `trace_sampled` (so Logs Explorer groups a request's lines under its trace),
 * `logging.googleapis.com/labels` (service, function, cloud), `httpRequest` on lines of HTTP
 * invocations, then every field the logger wrote.
 *
 * @example
 * ```ts
 * import { Logger } from '@faasade/core/logger';
 * import { createCloudLoggingFormatter } from '@faasade/gcp-functions';
 * const log = new Logger({ formatter: createCloudLoggingFormatter({ projectId: 'shop-prod', service: 'orders' }) });
 * log.warn('stock low', { sku: 'apple' });
 * // {"severity":"WARNING","message":"stock low","time":"...","logging.googleapis.com/labels":{"service":"orders","cloud":"gcp"},"sku":"apple"}
 * ```
 */
export function createCloudLoggingFormatter(options: CloudLoggingOptions = {}): LogFormatter {
  // `"...":"projects/<project>/traces/` without its closing quote: the trace id completes it.
  const tracePrefix =
    options.projectId === undefined
      ? undefined
      : `,"logging.googleapis.com/trace":${JSON.stringify(`projects/${options.projectId}/traces/`).slice(0, -1)}`;
  const outside = JSON.stringify(
    options.service === undefined ? { cloud: 'gcp' } : { service: options.service, cloud: 'gcp' },
  );
  const labels = new Map<string, string>();

  const labelsOf = (scope: InvocationScope): string => {
    const service = String(scope.logFields.service);
    const fn = String(scope.logFields.function);
    const key = `${service}\u0000${fn}`;
    let json = labels.get(key);
    if (json === undefined) labels.set(key, (json = JSON.stringify({ service, function: fn, cloud: 'gcp' })));
    return json;
  };

  return {
    format(record: LogRecord): string {
      let line = `{"severity":"${SEVERITY[record.level]}","message":${record.messageJson},"time":"${isoTime(record.time)}"`;
      const trace = record.trace;
      if (trace !== undefined) {
        if (tracePrefix !== undefined) line += `${tracePrefix}${trace.traceId}"`;
        line += `,"logging.googleapis.com/spanId":"${trace.spanId}","logging.googleapis.com/trace_sampled":${trace.sampled}`;
      }
      const scope = currentScope();
      line += `,"logging.googleapis.com/labels":${scope === undefined ? outside : labelsOf(scope)}`;
      const http = scope === undefined ? undefined : httpRequestJson(scope);
      if (http !== undefined) line += `,"httpRequest":${http}`;
      return record.fieldsJson === '' ? `${line}}` : `${line},${record.fieldsJson}}`;
    },
  };
}
