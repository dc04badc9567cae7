import type { InvocationScope, LogSink } from '../context/scope';
import { defaultLogSink } from './defaults';
import { LEVEL_VALUES, resolveSampleRate } from './levels';
import type { BufferOptions, LoggerOptions } from './options';
import { type Redactor, redactorFor } from './redaction/redactor';
import type { LogFormatter } from './record';

/** A logger's options, resolved once and shared with its children. */
export interface LoggerConfig {
  readonly redactor: Redactor;
  readonly formatter: LogFormatter | undefined;
  readonly sink: LogSink | undefined;
  readonly sampleRate: number;
  readonly buffer:
    | { readonly maxLines: number; readonly maxChars: number; readonly from: number }
    | undefined;
}

export function resolveConfig(options: LoggerOptions, env: NodeJS.ProcessEnv = process.env): LoggerConfig {
  const buffer =
    options.buffer === undefined
      ? bufferFromEnv(env)
      : options.buffer === true
        ? {}
        : options.buffer || undefined;
  return {
    redactor: redactorFor(options.redact),
    formatter: options.formatter,
    sink: options.sink,
    sampleRate: resolveSampleRate(options.sampleRate, env),
    buffer: buffer && {
      maxLines: buffer.maxLines ?? 100,
      maxChars: buffer.maxChars ?? 256 * 1024,
      from: LEVEL_VALUES[buffer.level ?? 'debug'],
    },
  };
}

/**
 * `FAASADE_LOG_BUFFER=<lines>` turns the buffer on for loggers created without a `buffer` option
 * (the pipeline's own `ctx.log` among them), so operators can ask for the debug trail of failures
 * without a deploy of new code. Anything but a positive integer leaves it off.
 */
function bufferFromEnv(env: NodeJS.ProcessEnv): BufferOptions | undefined {
  const lines = Number(env.FAASADE_LOG_BUFFER);
  return Number.isInteger(lines) && lines > 0 ? { maxLines: lines } : undefined;
}

/** Where a line goes: the logger's sink, else the invocation's, else the process default. */
export function sinkFor(config: LoggerConfig, scope: InvocationScope | undefined): LogSink {
  return config.sink ?? scope?.logSink ?? defaultLogSink();
}
