import type { LogLevel, LogSink } from '../../src/context/scope';

/** A log sink that keeps the lines it gets, parsed. */
export function captureLogs(): LogSink & { lines: Record<string, any>[]; raw: string[] } {
  const lines: Record<string, any>[] = [];
  const raw: string[] = [];
  return {
    lines,
    raw,
    write(line: string, _level: LogLevel) {
      raw.push(line);
      lines.push(JSON.parse(line));
    },
  };
}
