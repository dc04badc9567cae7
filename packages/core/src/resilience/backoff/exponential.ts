import type { Backoff } from './types';

/**
 * The jitter of an {@link exponentialBackoff}, named as in the AWS Architecture Blog's
 * "Exponential Backoff And Jitter", where `ceiling = min(cap, base * 2^n)`:
 * - `none`: `ceiling` (every client retries in lock step; for comparison only)
 * - `full`: uniform in `[0, ceiling]` (the default: least contention, fewest calls)
 * - `equal`: `ceiling / 2` plus uniform in `[0, ceiling / 2]` (never retries almost at once)
 * - `decorrelated`: `min(cap, uniform in [base, 3 * previous])` (grows from the last delay)
 */
export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated';

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** First delay's ceiling in ms. Default 100. */
  baseMs?: number;
  /** No delay exceeds this, in ms. Default 10 000. */
  capMs?: number;
  /** Default `full`. */
  jitter?: Jitter;
  /** Uniform in [0, 1); inject a seeded one for reproducible simulations. Default `Math.random`. */
  random?: () => number;
}

/** Past 2^53 a double no longer grows by doubling; the cap has long been reached by then. */
const MAX_EXPONENT = 53;

/**
 * Exponential backoff with jitter, full jitter by default.
 *
 * @example
 * ```ts
 * import { exponentialBackoff } from '@faasade/core/resilience';
 *
 * const backoff = exponentialBackoff({ baseMs: 50, capMs: 2_000, jitter: 'full' });
 * const first = backoff.delayMs(0, 0); // uniform in [0, 50]
 * const third = backoff.delayMs(2, first); // uniform in [0, 200]
 * console.log(first <= 50, third <= 200); // true true
 * ```
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): Backoff {
  const base = options.baseMs ?? 100;
  const cap = options.capMs ?? 10_000;
  const jitter = options.jitter ?? 'full';
  const random = options.random ?? Math.random;
  if (!(base >= 0) || !(cap >= 0)) {
    throw new RangeError(`exponentialBackoff needs baseMs and capMs >= 0 (got ${base} and ${cap}).`);
  }
  const ceiling = (n: number) =>
    base === 0 ? 0 : Math.min(cap, base * 2 ** Math.min(Math.max(n, 0), MAX_EXPONENT));
  switch (jitter) {
    case 'none':
      return { delayMs: (n) => ceiling(n) };
    case 'full':
      return { delayMs: (n) => random() * ceiling(n) };
    case 'equal':
      return {
        delayMs: (n) => {
          const half = ceiling(n) / 2;
          return half + random() * half;
        },
      };
    case 'decorrelated':
      return {
        delayMs: (_n, previousMs) => {
          const low = Math.min(base, cap);
          const high = Math.max(low, 3 * Math.max(previousMs, base));
          return Math.min(cap, low + random() * (high - low));
        },
      };
    default:
      throw new RangeError(`Unknown jitter "${String(jitter)}"; use none, full, equal or decorrelated.`);
  }
}

/**
 * The same delay before every retry.
 *
 * @example
 * ```ts
 * import { constantBackoff } from '@faasade/core/resilience';
 *
 * console.log(constantBackoff(250).delayMs(7, 250)); // 250
 * ```
 */
export function constantBackoff(ms: number): Backoff {
  if (!(ms >= 0)) throw new RangeError(`constantBackoff needs a delay >= 0 ms (got ${ms}).`);
  return { delayMs: () => ms };
}
