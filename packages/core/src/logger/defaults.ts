import { jsonFormatter } from './formatters/json';
import { prettyFormatter } from './formatters/pretty';
import { stdoutIsTerminal } from './terminal';
import type { LogFormatter } from './record';
import { type LogSink, stdoutSink } from './sinks';

/**
 * The process-wide defaults an adapter sets when it starts, for loggers that modules created
 * before anyone knew which cloud they would run on. A logger resolves its formatter and sink as:
 * its own option, then the current invocation's scope, then these, then the built-in ones.
 */
let defaultFormatter: LogFormatter | undefined;
let defaultSink: LogSink | undefined;
let builtinForStdout: LogFormatter | undefined;
let builtinForOthers: LogFormatter | undefined;

/**
 * Sets the formatter of every logger that has none of its own (the GCP adapter sets its
 * `severity` format). `undefined` goes back to the built-in choice.
 *
 * @example
 * ```ts
 * import { jsonFormatter, setDefaultLogFormatter } from '@faasade/core/logger';
 * setDefaultLogFormatter(jsonFormatter);
 * ```
 */
export function setDefaultLogFormatter(formatter: LogFormatter | undefined): void {
  defaultFormatter = formatter;
  builtinForStdout = undefined;
  builtinForOthers = undefined;
}

/**
 * Sets the destination of every logger that has none of its own. `undefined` goes back to stdout.
 *
 * @example
 * ```ts
 * import { FdSink, setDefaultLogSink } from '@faasade/core/logger';
 * setDefaultLogSink(new FdSink(2));
 * ```
 */
export function setDefaultLogSink(sink: LogSink | undefined): void {
  defaultSink = sink;
}

/**
 * The process-wide sink: the one set, else stdout. For code that writes lines of its own next to
 * the logger's (an adapter's startup line), so they go to the same place.
 *
 * @example
 * ```ts
 * import { defaultLogFormatter, defaultLogSink, Logger } from '@faasade/core/logger';
 * const sink = defaultLogSink();
 * new Logger({ sink, formatter: defaultLogFormatter(sink) }).info('same place, same shape');
 * ```
 */
export function defaultLogSink(): LogSink {
  return defaultSink ?? stdoutSink;
}

/**
 * The process-wide formatter for lines going to `sink`: the one set, else `FAASADE_LOG_FORMAT`
 * (`json` or `pretty`), else pretty for stdout on a terminal and JSON otherwise (pipes, files,
 * the clouds' log collectors, and custom sinks).
 */
export function defaultLogFormatter(sink: LogSink): LogFormatter {
  if (defaultFormatter !== undefined) return defaultFormatter;
  if (sink === stdoutSink) return (builtinForStdout ??= builtinFormatter(true));
  return (builtinForOthers ??= builtinFormatter(false));
}

function builtinFormatter(toStdout: boolean): LogFormatter {
  const chosen = process.env.FAASADE_LOG_FORMAT?.trim().toLowerCase();
  if (chosen === 'pretty') return prettyFormatter;
  if (chosen === 'json') return jsonFormatter;
  return toStdout && stdoutIsTerminal() ? prettyFormatter : jsonFormatter;
}
