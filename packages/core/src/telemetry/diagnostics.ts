/** How loud a telemetry diagnostic is. */
export type DiagnosticLevel = 'debug' | 'info' | 'warn' | 'error';

/** Something telemetry itself wants to say: an exporter failing, a bad setting. */
export interface TelemetryDiagnostic {
  level: DiagnosticLevel;
  message: string;
  error?: unknown;
}

/** Where diagnostics go; the default writes JSON lines to stderr at `warn` and above. */
export type DiagnosticHandler = (diagnostic: TelemetryDiagnostic) => void;

const RANK: Record<DiagnosticLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** `OTEL_LOG_LEVEL` (NONE, ERROR, WARN, INFO, DEBUG, VERBOSE, ALL) mapped to a threshold. */
export function levelFromEnv(value: string | undefined): DiagnosticLevel | 'none' {
  switch (value?.trim().toUpperCase()) {
    case 'NONE':
      return 'none';
    case 'ERROR':
      return 'error';
    case 'INFO':
      return 'info';
    case 'DEBUG':
    case 'VERBOSE':
    case 'ALL':
      return 'debug';
    default:
      return 'warn';
  }
}

/**
 * The default handler: one JSON line on stderr, so a diagnostic never mixes into stdout (where
 * EMF lines and the logger's lines go) and is still found in the function's logs.
 */
export function stderrDiagnostics(threshold: DiagnosticLevel | 'none'): DiagnosticHandler {
  return (d) => {
    if (threshold === 'none' || RANK[d.level] < RANK[threshold]) return;
    const error = d.error instanceof Error ? { name: d.error.name, message: d.error.message } : d.error;
    process.stderr.write(
      `${JSON.stringify({ level: d.level, message: `telemetry: ${d.message}`, error })}\n`,
    );
  };
}

/**
 * Reports an exporter's failures without flooding the logs when a collector is down for a while:
 * the first failure is a warning, the ones that follow are debug, and the recovery is info.
 */
export class ExportHealth {
  private failures = 0;

  constructor(
    private readonly what: string,
    private readonly report: DiagnosticHandler,
  ) {}

  succeeded(): void {
    if (this.failures > 0) {
      this.report({
        level: 'info',
        message: `${this.what} export recovered after ${this.failures} failed attempt(s)`,
      });
    }
    this.failures = 0;
  }

  failed(error: unknown): void {
    this.failures += 1;
    const message = `${this.what} export failed${this.failures > 1 ? ` (${this.failures} in a row)` : ''}; the data is dropped`;
    this.report({ level: this.failures === 1 ? 'warn' : 'debug', message, error });
  }
}

/** Calls a handler without letting a throwing handler break the telemetry path. */
export function safeHandler(handler: DiagnosticHandler): DiagnosticHandler {
  return (d) => {
    try {
      handler(d);
    } catch {
      // A diagnostic sink that throws has nowhere left to report to.
    }
  };
}
