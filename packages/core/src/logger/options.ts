import type { LogSink } from '../context/scope';
import type { LogFields } from './fields';
import type { LogLevel, LogThreshold } from './levels';
import type { RedactOptions } from './redaction/redactor';
import type { LogFormatter } from './record';

/** How the lines below the threshold are kept for an error to flush. */
export interface BufferOptions {
  /** The most lines kept per invocation; older ones are dropped first. Default 100. */
  maxLines?: number;
  /** The most characters kept per invocation. Default 262144 (256 Ki). */
  maxChars?: number;
  /** The lowest level kept. Default `debug` (trace lines are not kept). */
  level?: LogLevel;
}

/**
 * Options of a {@link Logger}. Every one is optional.
 *
 * @example
 * ```ts
 * import { Logger } from '@faasade/core/logger';
 * const log = new Logger({
 *   service: 'orders',
 *   level: 'info',
 *   persistentKeys: { team: 'checkout' },
 *   redact: { paths: ['customer.email', 'items[*].secretNote'] },
 *   sampleRate: 0.01,
 *   buffer: { maxLines: 200 },
 * });
 * log.info('configured');
 * ```
 */
export interface LoggerOptions {
  /** Written as `service` on every line (an invocation's own `service` is replaced by it). */
  service?: string;
  /**
   * The threshold. Default: `FAASADE_LOG_LEVEL`, else `LOG_LEVEL`, else `AWS_LAMBDA_LOG_LEVEL`,
   * else `info`. `silent` writes nothing, not even buffered lines.
   */
  level?: LogThreshold;
  /** Keys on every line of this logger and its children (see `appendPersistentKeys`). */
  persistentKeys?: LogFields;
  /** Redaction rules; on by default. `false` turns every rule off. */
  redact?: RedactOptions | false;
  /**
   * The share of invocations (0..1) whose debug lines are all written, decided once per
   * invocation. Default `FAASADE_LOG_SAMPLE_RATE`, else 0. Outside an invocation: no sampling.
   */
  sampleRate?: number;
  /**
   * Keep lines below the threshold per invocation and write them, in order, before the first
   * error (or fatal) line of that invocation; a successful invocation's are dropped with it.
   * Off by default, because a kept line costs as much as a written one: `true` uses the defaults,
   * and without this option `FAASADE_LOG_BUFFER=<lines>` turns it on.
   */
  buffer?: BufferOptions | boolean;
  /** The line shape. Default: the invocation's (set by the adapter), else the process default. */
  formatter?: LogFormatter;
  /** The destination. Default: the invocation's (Azure's context), else the process default (stdout). */
  sink?: LogSink;
}

/** Options a child logger may change; everything else it shares with its parent. */
export interface ChildOptions {
  level?: LogThreshold;
}
