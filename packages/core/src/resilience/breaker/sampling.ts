import type { BreakerStrategy } from './types';

/** Options of {@link samplingRatio}. */
export interface SamplingRatioOptions {
  /** Open when failures / calls in the window reach this ratio, in (0, 1]. */
  threshold: number;
  /** The sliding window, in ms. */
  windowMs: number;
  /** Calls the window must hold before the ratio counts. Default 20. */
  minThroughput?: number;
  /** Buckets the window is cut into; more is smoother and larger to store. Default 10. */
  buckets?: number;
}

/** Calls per time bucket: `[bucket start (epoch ms), successes, failures]`, ascending by start. */
export interface SamplingCounts {
  b: [number, number, number][];
}

/**
 * Opens when, over a sliding window, at least `minThroughput` calls were made and at least
 * `threshold` of them failed. Buckets start at multiples of `windowMs / buckets` since the epoch,
 * so every instance cuts time the same way and their counts add up bucket by bucket.
 *
 * @example
 * ```ts
 * import { circuitBreaker, samplingRatio } from '@faasade/core/resilience';
 *
 * const breaker = circuitBreaker({
 *   key: 'example-sampling',
 *   breaker: samplingRatio({ threshold: 0.5, windowMs: 10_000, minThroughput: 4 }),
 *   halfOpenAfter: 30_000,
 * });
 * for (const ok of [true, false, true, false]) {
 *   await breaker.execute(() => (ok ? 'fine' : Promise.reject(new Error('down')))).catch(() => {});
 * }
 * console.log(breaker.state); // open
 * ```
 */
export function samplingRatio(options: SamplingRatioOptions): BreakerStrategy<SamplingCounts> {
  const { threshold, windowMs } = options;
  const minThroughput = options.minThroughput ?? 20;
  const buckets = options.buckets ?? 10;
  if (!(threshold > 0 && threshold <= 1))
    throw new RangeError(`samplingRatio's threshold must be in (0, 1] (got ${threshold}).`);
  if (!(windowMs > 0)) throw new RangeError(`samplingRatio's windowMs must be > 0 (got ${windowMs}).`);
  if (!Number.isInteger(buckets) || buckets < 1)
    throw new RangeError(`samplingRatio's buckets must be an integer >= 1 (got ${buckets}).`);
  if (!(minThroughput >= 1))
    throw new RangeError(`samplingRatio's minThroughput must be >= 1 (got ${minThroughput}).`);
  const bucketMs = Math.ceil(windowMs / buckets);
  const startOf = (now: number) => now - (now % bucketMs);
  /** The oldest bucket start still inside the window that ends now. */
  const oldest = (now: number) => startOf(now) - (buckets - 1) * bucketMs;

  const add = (counts: SamplingCounts, now: number, successes: number, failures: number) => {
    const start = startOf(now);
    const last = counts.b[counts.b.length - 1];
    if (last !== undefined && last[0] === start) {
      last[1] += successes;
      last[2] += failures;
      return;
    }
    counts.b.push([start, successes, failures]);
    // Unsynced buckets that left the window can never matter again.
    while (counts.b.length > 0 && counts.b[0][0] < oldest(now)) counts.b.shift();
  };
  const totals = (counts: SamplingCounts, now: number) => {
    let calls = 0;
    let failures = 0;
    const from = oldest(now);
    for (const [start, s, f] of counts.b) {
      if (start < from) continue;
      calls += s + f;
      failures += f;
    }
    return { calls, failures };
  };

  return {
    kind: 'samplingRatio',
    empty: () => ({ b: [] }),
    recordSuccess: (counts, now) => add(counts, now, 1, 0),
    recordFailure: (counts, now) => add(counts, now, 0, 1),
    isEmpty: (counts) => counts.b.length === 0,
    merge(stored, delta, now, notBefore) {
      const byStart = new Map<number, [number, number, number]>();
      const from = Math.max(oldest(now), startOf(notBefore));
      for (const [start, s, f] of [...stored.b, ...delta.b]) {
        if (start < from) continue;
        const bucket = byStart.get(start);
        if (bucket === undefined) byStart.set(start, [start, s, f]);
        else {
          bucket[1] += s;
          bucket[2] += f;
        }
      }
      return { b: [...byStart.values()].sort((a, b) => a[0] - b[0]) };
    },
    shouldOpen(counts, now) {
      const { calls, failures } = totals(counts, now);
      return calls >= minThroughput && failures >= threshold * calls;
    },
    successMatters: (counts, now) => totals(counts, now).failures > 0,
    eagerSuccess: false,
  };
}
