/**
 * How long to wait before a retry. Strategies are pure functions of the retry's index and the
 * previous delay (decorrelated jitter needs it), so they can be shared by any number of calls.
 */
export interface Backoff {
  /**
   * Milliseconds to wait before retry number `n + 1`: `n` is 0 before the first retry.
   * `previousMs` is what this strategy returned for the previous retry (0 before the first).
   * Always within `[0, cap]` for the strategies of this module.
   */
  delayMs(n: number, previousMs: number): number;
}
