import type { BreakerStrategy } from './types';

/** Consecutive-failure counts: the times of the failures since the last success. */
export interface ConsecutiveCounts {
  /** Epoch ms of the latest success known; failures before it do not count. */
  s: number;
  /** Epoch ms of the failures after `s`, ascending, at most `threshold` of them. */
  f: number[];
}

/**
 * Opens after `threshold` failures in a row. Across instances, "in a row" is by time: the store
 * keeps the times of the failures since the latest success any instance has written, so a
 * failure counts unless a success happened after it (a tie goes to the failure). Failures are
 * written before the failing call returns; a success is written only when it ends a run the
 * store holds, in the background, one store round trip later. Since a success removes only
 * failures *older* than itself, writing it late never erases a failure that came after it; but
 * failures elsewhere can complete a run in that round trip before the success lands.
 *
 * @example
 * ```ts
 * import { circuitBreaker, consecutive } from '@faasade/core/resilience';
 *
 * const breaker = circuitBreaker({ key: 'example-consecutive', breaker: consecutive(3), halfOpenAfter: 60_000 });
 * for (let i = 0; i < 3; i++) await breaker.execute(() => Promise.reject(new Error('down'))).catch(() => {});
 * console.log(breaker.state); // open
 * ```
 */
export function consecutive(threshold: number): BreakerStrategy<ConsecutiveCounts> {
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`consecutive(n) needs an integer n >= 1 (got ${threshold}).`);
  }
  return {
    kind: 'consecutive',
    empty: () => ({ s: 0, f: [] }),
    recordSuccess(counts, now) {
      if (now > counts.s) counts.s = now;
      if (counts.f.length > 0) counts.f = [];
    },
    recordFailure(counts, now) {
      counts.f.push(now);
      // Only the latest `threshold` failures can ever matter.
      if (counts.f.length > threshold) counts.f.shift();
    },
    isEmpty: (counts) => counts.s === 0 && counts.f.length === 0,
    merge(stored, delta, _now, notBefore) {
      const s = Math.max(stored.s, delta.s);
      const f = [...stored.f, ...delta.f].filter((t) => t >= s && t >= notBefore).sort((a, b) => a - b);
      return { s, f: f.length > threshold ? f.slice(f.length - threshold) : f };
    },
    shouldOpen: (counts) => counts.f.length >= threshold,
    successMatters: (counts) => counts.f.length > 0,
    eagerSuccess: true,
  };
}
