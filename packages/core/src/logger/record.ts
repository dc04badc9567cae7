import type { LogLevel, TraceIds } from '../context/scope';

/**
 * One line, ready for a {@link LogFormatter}: every string in it is already redacted, and the
 * fields are already serialised, so a formatter can not leak a secret and pays no second
 * serialisation when it only adds keys (as the JSON and GCP formats do).
 *
 * @example
 * ```ts
 * import { LogRecord, jsonFormatter } from '@faasade/core/logger';
 * const record = new LogRecord('info', Date.now(), '"hello"', undefined, '"orderId":"o-1"');
 * console.log(record.message, record.fields()); // hello { orderId: 'o-1' }
 * console.log(jsonFormatter.format(record));
 * ```
 */
export class LogRecord {
  readonly level: LogLevel;
  /** Epoch milliseconds. */
  readonly time: number;
  /** The message as a JSON string literal (quoted, escaped, redacted). */
  readonly messageJson: string;
  /** The invocation's trace, when one is active. Its ids are also among the fields. */
  readonly trace: TraceIds | undefined;
  /**
   * The merged fields as JSON members without braces, in line order: the invocation's fields
   * (service, cloud, function, invocationId, coldStart, traceId, spanId), persistent keys,
   * per-invocation keys, then the call's fields. Empty when there are none.
   */
  readonly fieldsJson: string;

  constructor(
    level: LogLevel,
    time: number,
    messageJson: string,
    trace: TraceIds | undefined,
    fieldsJson: string,
  ) {
    this.level = level;
    this.time = time;
    this.messageJson = messageJson;
    this.trace = trace;
    this.fieldsJson = fieldsJson;
  }

  /** The message, redacted. */
  get message(): string {
    return JSON.parse(this.messageJson) as string;
  }

  /** The merged fields as an object (parsed on demand, for formatters that lay fields out themselves). */
  fields(): Record<string, unknown> {
    return this.fieldsJson === '' ? {} : (JSON.parse(`{${this.fieldsJson}}`) as Record<string, unknown>);
  }
}

/**
 * Shapes a {@link LogRecord} into one line (without the trailing newline). Each cloud may have
 * its own: the GCP adapter adds `severity` and `logging.googleapis.com/*` keys.
 *
 * @example
 * ```ts
 * import { Logger, type LogFormatter } from '@faasade/core/logger';
 * const severityFirst: LogFormatter = {
 *   format: (r) => `{"severity":"${r.level.toUpperCase()}","message":${r.messageJson}${r.fieldsJson ? `,${r.fieldsJson}` : ''}}`,
 * };
 * new Logger({ formatter: severityFirst }).info('hello'); // {"severity":"INFO","message":"hello"}
 * ```
 */
export interface LogFormatter {
  format(record: LogRecord): string;
}
