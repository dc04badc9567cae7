import { type InvocationScope, scopeStorage, type TraceIds } from '../../src/context/scope';
import { jsonFormatter, Logger, type LoggerOptions, MemorySink } from '../../src/logger';

/** A logger writing JSON into memory, and its lines parsed. */
export function capture(options: LoggerOptions = {}) {
  const sink = new MemorySink();
  const log = new Logger({
    level: 'info',
    sampleRate: 0,
    buffer: false,
    formatter: jsonFormatter,
    sink,
    ...options,
  });
  return { log, sink, records: () => sink.records(), lines: () => sink.lines };
}

/** A scope like the pipeline's, for running code "inside an invocation" without the pipeline. */
export function scopeFor(
  invocationId: string,
  overrides: Partial<InvocationScope> & { trace?: TraceIds } = {},
) {
  const { trace, ...rest } = overrides;
  const scope: InvocationScope = {
    invocationId,
    logFields: { service: 'orders', cloud: 'local', function: 'createOrder', invocationId, coldStart: false },
    logKeys: undefined,
    traceIds: () => trace,
    logState: undefined,
    logFormatter: undefined,
    logSink: undefined,
    ctx: undefined,
    ...rest,
  };
  return scope;
}

/** Runs `fn` inside a fresh invocation scope. */
export function inInvocation<T>(
  invocationId: string,
  fn: () => T,
  overrides: Parameters<typeof scopeFor>[1] = {},
): T {
  return scopeStorage.run(scopeFor(invocationId, overrides), fn);
}

/** Every string anywhere in a parsed value (keys included), to search for leaked secrets. */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) allStrings(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      allStrings(item, out);
    }
  }
  return out;
}

/** A well-formed (unsigned-looking) JWT with the given payload. */
export function jwt(payload: object = { sub: '1234567890', name: 'Ada' }): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`;
}
