/** @faasade/cli: the `faasade` command. */
export { run, USAGE } from './cli';
export { CliUsageError, GeneratedFilesOutOfDateError, PrometheusQueryError } from './errors';
export { type CliIo, processIo } from './io';
