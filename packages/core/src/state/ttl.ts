/**
 * The epoch milliseconds at which a record written now with `ttlMs` expires, or `undefined` for
 * a record without a TTL. Every store validates TTLs here so that they all reject the same input.
 */
export function expiresAtFor(ttlMs: number | undefined, clock: () => number = Date.now): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(
      `ttlMs must be a positive, finite number of milliseconds (got ${ttlMs}); omit it for a record that never expires.`,
    );
  }
  return clock() + Math.ceil(ttlMs);
}
