/**
 * `@faasade/core/logger`: structured JSON logging with redaction, for any function.
 * Imports nothing but Node built-ins and the invocation scope, so a function that uses only the
 * logger loads no telemetry.
 */
export { defaultLogFormatter, defaultLogSink, setDefaultLogFormatter, setDefaultLogSink } from './defaults';
export { InvalidLogLevelError, InvalidRedactPathError } from './errors';
export { RESERVED_KEYS, type LogFields } from './fields';
export { jsonFormatter } from './formatters/json';
export { createPrettyFormatter, type PrettyOptions, prettyFormatter } from './formatters/pretty';
export { isoTime } from './formatters/time';
export { LEVEL_VALUES, type LogLevel, type LogThreshold, parseLevel } from './levels';
export { Logger } from './logger';
export type { BufferOptions, ChildOptions, LoggerOptions } from './options';
export type { RedactOptions } from './redaction/redactor';
export { type LogFormatter, LogRecord } from './record';
export { FdSink, type LogSink, MemorySink, type SinkEntry, stdoutSink } from './sinks';
