import { type Backoff, exponentialBackoff } from '@faasade/core/resilience';

/** How a store retries a write that met a concurrent one. */
export interface ContentionPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  backoff: Backoff;
}

/**
 * Full jitter spreads racers apart; with 16 attempts, 100 concurrent orders for one SKU all get
 * a definite answer, and the cap keeps the worst case to a few seconds.
 */
export const DEFAULT_CONTENTION_POLICY: ContentionPolicy = {
  maxAttempts: 16,
  backoff: exponentialBackoff({ baseMs: 10, capMs: 500, jitter: 'full' }),
};

/** What an attempt returns to be run again after a backoff (a value it read has changed). */
export const TRY_AGAIN = Symbol('try again');

/**
 * A store kept meeting concurrent writes to the same rows and gave up after `attempts` tries.
 * Nothing was changed: the caller answers 503 with a `Retry-After`, or retries later.
 */
export class StoreContentionError extends Error {
  readonly attempts: number;

  constructor(message: string, attempts: number, cause: unknown) {
    super(message, { cause });
    this.attempts = attempts;
  }
}

/**
 * Runs `attempt` until it returns an answer, sleeping with backoff after each error
 * `isContention` accepts or {@link TRY_AGAIN}; other errors are thrown at once, and running out of
 * attempts throws what `giveUp` makes.
 */
export async function retryWhileContended<T>(
  policy: ContentionPolicy,
  isContention: (error: unknown) => boolean,
  giveUp: (attempts: number, last: unknown) => StoreContentionError,
  attempt: () => Promise<T | typeof TRY_AGAIN>,
): Promise<T> {
  let delayMs = 0;
  let last: unknown;
  for (let n = 0; n < policy.maxAttempts; n++) {
    if (n > 0) {
      delayMs = policy.backoff.delayMs(n - 1, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    try {
      const answer = await attempt();
      if (answer !== TRY_AGAIN) return answer;
      last = undefined;
    } catch (error) {
      if (!isContention(error)) throw error;
      last = error;
    }
  }
  throw giveUp(policy.maxAttempts, last);
}
