import type { LogLevel } from '../context/scope';
import { InvalidLogLevelError } from './errors';

export type { LogLevel };

/** A level threshold: any {@link LogLevel}, or `silent` to write nothing at all. */
export type LogThreshold = LogLevel | 'silent';

/** Numeric severities, spaced like pino's so that thresholds compare with one `<`. */
export const LEVEL_VALUES: Readonly<Record<LogThreshold, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/** The threshold when neither the option nor an env var names one. */
export const DEFAULT_LEVEL: LogThreshold = 'info';

const ALIASES: Readonly<Record<string, LogThreshold>> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  fatal: 'fatal',
  critical: 'fatal',
  silent: 'silent',
  off: 'silent',
};

/**
 * Reads a level name the way operators write it (`DEBUG`, `Warn`, `warning`); `undefined` when
 * the text names no level, so a typo in an env var falls through to the next source instead of
 * silencing the function.
 *
 * @example
 * ```ts
 * import { Logger, parseLevel } from '@faasade/core/logger';
 * const log = new Logger({ level: parseLevel(process.env.MY_APP_LOG_LEVEL) ?? 'warn' });
 * log.warn('shown');
 * ```
 */
export function parseLevel(text: string | undefined): LogThreshold | undefined {
  if (text === undefined) return undefined;
  return ALIASES[text.trim().toLowerCase()];
}

/**
 * The threshold a logger starts with: its option, else `FAASADE_LOG_LEVEL`, else `LOG_LEVEL`,
 * else AWS's `AWS_LAMBDA_LOG_LEVEL` (set by Lambda's advanced logging controls), else `info`.
 */
export function resolveLevel(
  option: LogThreshold | undefined,
  env: NodeJS.ProcessEnv = process.env,
): LogThreshold {
  return (
    checkedLevel(option) ??
    parseLevel(env.FAASADE_LOG_LEVEL) ??
    parseLevel(env.LOG_LEVEL) ??
    parseLevel(env.AWS_LAMBDA_LOG_LEVEL) ??
    DEFAULT_LEVEL
  );
}

/**
 * The debug sampling rate: the option, else `FAASADE_LOG_SAMPLE_RATE`, else 0. Out-of-range or
 * unreadable values are clamped or ignored rather than thrown: a bad env var must not stop a
 * function from starting.
 */
export function resolveSampleRate(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const raw =
    option ?? (env.FAASADE_LOG_SAMPLE_RATE === undefined ? Number.NaN : Number(env.FAASADE_LOG_SAMPLE_RATE));
  if (Number.isNaN(raw)) return 0;
  return Math.min(1, Math.max(0, raw));
}

/** A level given in code, read like an env var's but refused when it names none. */
export function checkedLevel(level: LogThreshold | undefined): LogThreshold | undefined {
  if (level === undefined) return undefined;
  const parsed = typeof level === 'string' ? parseLevel(level) : undefined;
  if (parsed === undefined) throw new InvalidLogLevelError(level);
  return parsed;
}
