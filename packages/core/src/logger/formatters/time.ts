let cachedMs = Number.NaN;
let cachedIso = '';

/**
 * `new Date(ms).toISOString()`, remembered for the last millisecond: at a few microseconds per
 * line, hundreds of lines share one, and building the string is a good part of a line's cost.
 * Custom formatters use it for the same reason.
 *
 * @example
 * ```ts
 * import { isoTime, type LogFormatter } from '@faasade/core/logger';
 * const timeFirst: LogFormatter = { format: (r) => `${isoTime(r.time)} ${r.level} ${r.messageJson}` };
 * console.log(isoTime(0)); // 1970-01-01T00:00:00.000Z
 * ```
 */
export function isoTime(ms: number): string {
  if (ms !== cachedMs) {
    cachedIso = new Date(ms).toISOString();
    cachedMs = ms;
  }
  return cachedIso;
}
