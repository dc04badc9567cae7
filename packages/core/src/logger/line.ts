import type { InvocationScope, LogLevel, LogSink } from '../context/scope';
import type { LoggerConfig } from './config';
import { defaultLogFormatter } from './defaults';
import { asFields, type FieldSet, writeCallFields } from './fields';
import { type LogFormatter, LogRecord } from './record';
import { stateOf } from './state';

/**
 * Builds one line: the invocation's fields and the logger's bindings (precomputed), the call's
 * fields (serialised and redacted in one walk), formatted by the logger's formatter, else the
 * invocation's, else the process default for `sink`.
 */
export function buildLine(
  config: LoggerConfig,
  bindings: FieldSet,
  scope: InvocationScope | undefined,
  level: LogLevel,
  message: unknown,
  fields: unknown,
  sink: LogSink,
): string {
  const r = config.redactor;
  if (typeof message !== 'string') {
    // Plain JavaScript callers write log.error(err): keep the error, use its message.
    if (message instanceof Error)
      fields = fields === undefined ? message : { error: message, ...asFields(fields) };
    message = message instanceof Error ? message.message : String(message);
  }
  const trace = scope?.traceIds();
  const base = scope === undefined ? bindings : stateOf(scope).prefix(scope, bindings, trace, r);
  let json = base.json;
  if (fields !== undefined && fields !== null) {
    const own = asFields(fields);
    const call = writeCallFields(own, r, base.taken);
    // A key already on the line: merge instead, so the call's value replaces it in place.
    if (call === undefined) json = base.with(own, r).json;
    else if (call !== '') json = json === '' ? call : `${json},${call}`;
  }
  const formatter =
    config.formatter ?? (scope?.logFormatter as LogFormatter | undefined) ?? defaultLogFormatter(sink);
  return formatter.format(new LogRecord(level, Date.now(), r.string(message as string), trace, json));
}
