import type { LogLevel } from '../../context/scope';
import { stdoutIsTerminal } from '../terminal';
import type { LogFormatter, LogRecord } from '../record';
import { isoTime } from './time';

/** Options of {@link createPrettyFormatter}. */
export interface PrettyOptions {
  /** ANSI colours. Default: when stdout is a terminal, unless `NO_COLOR` is set (or `FORCE_COLOR` is). */
  colors?: boolean;
}

const LEVEL_COLOURS: Readonly<Record<LogLevel, string>> = {
  trace: '\x1b[90m',
  debug: '\x1b[36m',
  info: '\x1b[32m',
  warn: '\x1b[33m',
  error: '\x1b[31m',
  fatal: '\x1b[35m',
};
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** Whether a terminal on stdout wants colour, by the NO_COLOR / FORCE_COLOR conventions. */
export function stdoutWantsColour(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR !== undefined) return false;
  return stdoutIsTerminal(env);
}

/**
 * A format for people at a terminal: `10:00:00.123 INFO  message  key=value ...`, with an
 * error's stack (and its causes') on the following lines. Fields are the same redacted ones the
 * JSON format writes.
 *
 * @example
 * ```ts
 * import { createPrettyFormatter, Logger } from '@faasade/core/logger';
 * const log = new Logger({ formatter: createPrettyFormatter({ colors: false }) });
 * log.info('order created', { orderId: 'o-1', amount: 42 });
 * // 10:00:00.123 INFO  order created  orderId=o-1 amount=42
 * ```
 */
export function createPrettyFormatter(options: PrettyOptions = {}): LogFormatter {
  // Decided at the first line, not here: `prettyFormatter` is made when this module loads.
  let colors = options.colors;
  const paint = (code: string, text: string) =>
    (colors ??= stdoutWantsColour()) ? `${code}${text}${RESET}` : text;
  return {
    format(record: LogRecord): string {
      const time = paint(DIM, isoTime(record.time).slice(11, 23));
      const level = paint(LEVEL_COLOURS[record.level], record.level.toUpperCase().padEnd(5));
      const pairs: string[] = [];
      const stacks: string[] = [];
      for (const [key, value] of Object.entries(record.fields())) {
        pairs.push(`${paint(DIM, `${key}=`)}${inline(value)}`);
        collectStacks(key, value, stacks, 0);
      }
      const head = `${time} ${level} ${record.message}${pairs.length ? `  ${pairs.join(' ')}` : ''}`;
      return stacks.length ? `${head}\n${stacks.join('\n')}` : head;
    },
  };
}

/** A field value on one line: bare when it reads unambiguously, JSON otherwise. */
function inline(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (isErrorLike(value)) return JSON.stringify(`${value.name ?? 'Error'}: ${value.message ?? ''}`);
  return JSON.stringify(value);
}

interface ErrorLike {
  name?: string;
  message?: string;
  stack: string;
  cause?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as ErrorLike).stack === 'string';
}

/** Indented stacks of serialised errors and of their causes. */
function collectStacks(label: string, value: unknown, out: string[], depth: number): void {
  if (!isErrorLike(value) || depth > 8) return;
  out.push(`    ${label}: ${value.stack.split('\n').join('\n      ')}`);
  collectStacks('caused by', value.cause, out, depth + 1);
}

/**
 * The pretty format with colours decided from stdout. `FAASADE_LOG_FORMAT=pretty` picks it for
 * every logger without a formatter of its own; it is also the default on a terminal.
 *
 * @example
 * ```ts
 * import { Logger, prettyFormatter } from '@faasade/core/logger';
 * new Logger({ formatter: prettyFormatter }).warn('low stock', { sku: 'a-1', left: 2 });
 * ```
 */
export const prettyFormatter: LogFormatter = createPrettyFormatter();
