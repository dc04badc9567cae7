import type { ContextLogger } from '../context/context';
import { type InvocationScope, scopeStorage } from '../context/scope';
import { LineBuffer } from './buffer';
import { type LoggerConfig, resolveConfig, sinkFor } from './config';
import { FieldSet, type LogFields } from './fields';
import { checkedLevel, LEVEL_VALUES, type LogLevel, type LogThreshold, resolveLevel } from './levels';
import { buildLine } from './line';
import type { ChildOptions, LoggerOptions } from './options';
import { reportFailure } from './sinks';
import { type InvocationLogState, stateOf } from './state';

const INHERIT = Symbol('inherit');
type Inheriting = LoggerOptions & { [INHERIT]?: { shared: LoggerConfig; bindings: FieldSet } };
const DEBUG = LEVEL_VALUES.debug;
const ERROR = LEVEL_VALUES.error;

/**
 * A structured logger writing one JSON line per call. Create it anywhere, at module level
 * included: inside an invocation each line also carries that invocation's fields (service,
 * cloud, function, invocationId, coldStart), trace ids, keys, format and destination, read from
 * the current scope, so one logger serves any number of concurrent invocations.
 *
 * @example
 * ```ts
 * import { Logger } from '@faasade/core/logger';
 * const log = new Logger({ service: 'orders' });
 * log.info('order created', { orderId: 'o-1', authorization: 'Bearer abc' });
 * // {"level":"info","time":"...","message":"order created","service":"orders","orderId":"o-1","authorization":"[REDACTED]"}
 * ```
 */
export class Logger implements ContextLogger {
  private readonly shared: LoggerConfig;
  private bindings: FieldSet;
  private threshold: number;
  private levelName: LogThreshold;

  constructor(options: LoggerOptions = {}) {
    const inherited = (options as Inheriting)[INHERIT];
    this.levelName = resolveLevel(options.level);
    this.threshold = LEVEL_VALUES[this.levelName];
    if (inherited !== undefined) {
      this.shared = inherited.shared;
      this.bindings = inherited.bindings;
      return;
    }
    this.shared = resolveConfig(options);
    const initial = options.service === undefined ? {} : { service: options.service };
    this.bindings = FieldSet.empty.with({ ...initial, ...options.persistentKeys }, this.shared.redactor);
  }

  /** The threshold. Setting it affects this logger only, not its existing children. */
  get level(): LogThreshold {
    return this.levelName;
  }

  set level(level: LogThreshold) {
    this.levelName = checkedLevel(level) ?? resolveLevel(undefined);
    this.threshold = LEVEL_VALUES[this.levelName];
  }

  /** Whether a line at `level` would be written now (sampling included), e.g. to skip costly fields. */
  isLevelEnabled(level: LogLevel): boolean {
    const value = LEVEL_VALUES[level];
    if (value >= this.threshold) return true;
    const scope = scopeStorage.getStore();
    return scope !== undefined && this.sampled(scope, value);
  }

  trace(message: string, fields?: LogFields | Error): void {
    this.log('trace', 10, message, fields);
  }
  debug(message: string, fields?: LogFields | Error): void {
    this.log('debug', 20, message, fields);
  }
  info(message: string, fields?: LogFields | Error): void {
    this.log('info', 30, message, fields);
  }
  warn(message: string, fields?: LogFields | Error): void {
    this.log('warn', 40, message, fields);
  }
  error(message: string, fields?: LogFields | Error): void {
    this.log('error', 50, message, fields);
  }
  fatal(message: string, fields?: LogFields | Error): void {
    this.log('fatal', 60, message, fields);
  }

  /**
   * A logger whose lines also carry `bindings`. It shares this logger's options, and copies its
   * persistent keys as they are now: keys added to either later stay with that one.
   *
   * @example
   * ```ts
   * import { Logger } from '@faasade/core/logger';
   * const payments = new Logger({ service: 'orders' }).child({ component: 'payments' });
   * payments.info('charged', { amount: 42 }); // ... "service":"orders","component":"payments","amount":42
   * ```
   */
  child(bindings: LogFields, options: ChildOptions = {}): Logger {
    const inherit = { shared: this.shared, bindings: this.bindings.with(bindings, this.shared.redactor) };
    return new Logger({ level: options.level ?? this.levelName, [INHERIT]: inherit } as Inheriting);
  }

  /**
   * Adds keys to every later line of this logger, in every invocation. Values are read now.
   *
   * @example
   * ```ts
   * import { Logger } from '@faasade/core/logger';
   * const log = new Logger();
   * log.appendPersistentKeys({ region: process.env.AWS_REGION ?? 'local', version: '1.4.2' });
   * log.info('ready'); // ... "region":"local","version":"1.4.2"
   * ```
   */
  appendPersistentKeys(keys: LogFields): void {
    this.bindings = this.bindings.with(keys, this.shared.redactor);
  }

  removePersistentKeys(names: readonly string[]): void {
    this.bindings = this.bindings.without(names);
  }

  /**
   * Adds keys to every later line of the current invocation, from any logger; they end with it.
   * Outside an invocation there is nothing to end, so they become this logger's persistent keys.
   *
   * @example
   * ```ts
   * import { http } from '@faasade/core';
   * export const getOrder = http({ method: 'GET', route: '/orders/:id' }, async (_req, ctx) => {
   *   ctx.log.appendKeys({ orderId: ctx.params.id }); // on every later line of this invocation only
   *   ctx.log.info('loading');
   *   return { id: ctx.params.id };
   * });
   * ```
   */
  appendKeys(keys: LogFields): void {
    const scope = scopeStorage.getStore();
    if (scope === undefined) this.appendPersistentKeys(keys);
    else stateOf(scope).appendKeys(scope, keys, this.shared.redactor);
  }

  /** Removes keys added by {@link appendKeys} (outside an invocation: persistent keys). */
  removeKeys(names: readonly string[]): void {
    const scope = scopeStorage.getStore();
    if (scope === undefined) this.removePersistentKeys(names);
    else stateOf(scope).removeKeys(scope, names, this.shared.redactor);
  }

  /**
   * Writes the current invocation's buffered lines now (an error line does it by itself).
   *
   * @example
   * ```ts
   * import { Logger } from '@faasade/core/logger';
   * const log = new Logger({ buffer: { maxLines: 50 } });
   * export async function handler(event: { slow?: boolean }) {
   *   log.debug('event received', { event }); // kept, not written
   *   if (event.slow) log.flushBuffer(); // a warning sign: show the trail anyway
   *   return { ok: true };
   * }
   * ```
   */
  flushBuffer(): void {
    const scope = scopeStorage.getStore();
    if (scope !== undefined) this.flush(scope, stateOf(scope));
  }

  private log(level: LogLevel, value: number, message: string, fields: unknown): void {
    try {
      if (value >= this.threshold) {
        const scope = scopeStorage.getStore();
        if (scope === undefined) {
          const sink = sinkFor(this.shared, undefined);
          sink.write(buildLine(this.shared, this.bindings, undefined, level, message, fields, sink), level);
          return;
        }
        if (value >= ERROR) this.flush(scope, stateOf(scope));
        this.emit(scope, level, message, fields);
      } else if (
        this.threshold !== LEVEL_VALUES.silent &&
        (this.shared.sampleRate > 0 || this.shared.buffer)
      ) {
        const scope = scopeStorage.getStore();
        if (scope === undefined) return;
        if (this.sampled(scope, value)) this.emit(scope, level, message, fields);
        else if (this.shared.buffer !== undefined && value >= this.shared.buffer.from)
          this.keep(scope, level, message, fields);
      }
    } catch (error) {
      reportFailure(error);
    }
  }

  private sampled(scope: InvocationScope, value: number): boolean {
    const rate = this.shared.sampleRate;
    return rate > 0 && value >= DEBUG && stateOf(scope).draw < rate;
  }

  private emit(scope: InvocationScope, level: LogLevel, message: string, fields: unknown): void {
    const sink = sinkFor(this.shared, scope);
    sink.write(buildLine(this.shared, this.bindings, scope, level, message, fields, sink), level);
  }

  private keep(scope: InvocationScope, level: LogLevel, message: string, fields: unknown): void {
    const sink = sinkFor(this.shared, scope);
    const line = buildLine(this.shared, this.bindings, scope, level, message, fields, sink);
    const state = stateOf(scope);
    const limits = this.shared.buffer!;
    (state.buffer ??= new LineBuffer()).push({ line, level, sink }, limits.maxLines, limits.maxChars);
  }

  private flush(scope: InvocationScope, state: InvocationLogState): void {
    if (state.buffer === undefined || state.buffer.size === 0) return;
    const { lines, dropped } = state.buffer.drain();
    if (dropped > 0) {
      const note = `log buffer was full: ${dropped} earlier line(s) were dropped`;
      const sink = sinkFor(this.shared, scope);
      sink.write(
        buildLine(this.shared, this.bindings, scope, 'debug', note, { droppedLines: dropped }, sink),
        'debug',
      );
    }
    for (const entry of lines) entry.sink.write(entry.line, entry.level);
  }
}
