/** The states of a circuit. */
export type CircuitState = 'closed' | 'open' | 'halfOpen';

/** A trial call's hold on one half-open slot; it lapses at `until` so a crashed prober cannot keep it. */
export interface Lease {
  readonly id: string;
  /** Epoch ms. */
  readonly until: number;
}

/**
 * A circuit's state as the store keeps it (and as `toJSON()` returns it): plain JSON, written
 * with a version so that concurrent writers never overwrite each other.
 */
export interface CircuitSnapshot {
  readonly state: CircuitState;
  /** The breaker strategy whose counts these are (`consecutive`, `samplingRatio`). */
  readonly kind: string;
  /** Epoch ms of the last change of state; counts from before it are ignored. */
  readonly since: number;
  /** While open: epoch ms from which trial calls may start. 0 while closed. */
  readonly halfOpenAt: number;
  /** Opens since the circuit last closed; picks the open duration from a `halfOpenAfter` backoff. */
  readonly opens: number;
  /** The last open duration, in ms (a decorrelated backoff grows from it). */
  readonly lastOpenMs: number;
  /** Trial calls running now, across all instances. */
  readonly leases: readonly Lease[];
  /** The breaker strategy's own counts (JSON), kept while closed. */
  readonly counts: unknown;
}

/**
 * When a closed circuit opens. Counts are plain JSON merged by a pure function, so that each
 * instance can gather its own and add them to the store's with a conditional write: a count
 * is never lost when two instances write at once, and never counted twice.
 *
 * `record*` mutate an instance's unsynced counts (they run on every call, so they must be
 * cheap); `merge`, `shouldOpen` and `successMatters` read stored counts.
 */
export interface BreakerStrategy<C = unknown> {
  /** Names the strategy in the stored state. */
  readonly kind: string;
  /** Counts with nothing in them. */
  empty(): C;
  /** Adds a success at `now` to unsynced counts. */
  recordSuccess(counts: C, now: number): void;
  /** Adds a failure at `now` to unsynced counts. */
  recordFailure(counts: C, now: number): void;
  /** True when the counts hold nothing. */
  isEmpty(counts: C): boolean;
  /**
   * The stored counts with `delta` added: a new value, the inputs untouched. Entries from before
   * `notBefore` (the circuit's last change of state) are ignored.
   */
  merge(stored: C, delta: C, now: number, notBefore: number): C;
  /** True when these counts must open the circuit. */
  shouldOpen(counts: C, now: number): boolean;
  /**
   * True when a success would change these stored counts in a way that matters (it ends a run
   * of failures; it changes a failure ratio). When false, successes need not be written at all,
   * and a healthy circuit costs no store writes.
   */
  successMatters(counts: C, now: number): boolean;
  /**
   * True when a success that matters should be written at once (in the background) rather than
   * with the next refresh: a success that ends a run of consecutive failures must reach the
   * other instances before they complete the run; a success that nudges a ratio need not.
   */
  readonly eagerSuccess: boolean;
}
