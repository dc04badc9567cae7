/** A command line the CLI cannot run: an unknown command or option, a missing or malformed value. Exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** Prometheus could not be queried, or answered something other than what the SLO rules record. Exit code 1. */
export class PrometheusQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusQueryError';
  }
}

/** The generated files on disk differ from what the objectives generate (`--check`). Exit code 1. */
export class GeneratedFilesOutOfDateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratedFilesOutOfDateError';
  }
}
