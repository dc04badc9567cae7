/**
 * Reads one header from any of the shapes SDKs use: a Fetch `Headers`, Azure's `HttpHeaders`
 * (both have a case-insensitive `get`), a `Map`, or a plain object with keys in any case.
 */
export function readHeader(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    const value = getter.call(headers, name) as unknown;
    if (value !== undefined && value !== null) return String(value);
    if (!(headers instanceof Map)) return undefined;
  }
  const entries: Iterable<[unknown, unknown]> =
    headers instanceof Map ? headers.entries() : Object.entries(headers as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (typeof key === 'string' && key.toLowerCase() === name) {
      return Array.isArray(value) ? String(value[0]) : String(value);
    }
  }
  return undefined;
}

const SECONDS = /^\s*\d+(\.\d+)?\s*$/;

/**
 * The wait a server asked for, in ms: Azure's `retry-after-ms` / `x-ms-retry-after-ms` first
 * (they are precise), then `Retry-After` as delta-seconds or as an HTTP date.
 *
 * @example
 * ```ts
 * import { retryAfterFromHeaders } from '@faasade/core/resilience';
 *
 * const now = Date.UTC(2030, 0, 1);
 * console.log(retryAfterFromHeaders(new Headers({ 'Retry-After': '2' }), now)); // 2000
 * console.log(retryAfterFromHeaders({ 'Retry-After': new Date(now + 5_000).toUTCString() }, now)); // 5000
 * console.log(retryAfterFromHeaders({ 'x-ms-retry-after-ms': '150' }, now)); // 150
 * ```
 */
export function retryAfterFromHeaders(headers: unknown, now: number): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = readHeader(headers, name);
    if (value !== undefined && SECONDS.test(value)) return Number(value);
  }
  const value = readHeader(headers, 'retry-after');
  if (value === undefined) return undefined;
  if (SECONDS.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
