import type { LogLevel } from '@faasade/core';

/** Cloud Logging's `LogSeverity` for each level (`trace` has no severity of its own: `DEFAULT`). */
export const SEVERITY: Readonly<Record<LogLevel, string>> = {
  trace: 'DEFAULT',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};
