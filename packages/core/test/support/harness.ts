import type { StateStore } from '@faasade/core/state';

/**
 * One running back end of a {@link StateStore} for tests: clients that all see the same data,
 * and a way to let the store's time pass so that TTLs can be tested.
 */
export interface StoreHarness {
  /** A client of the back end. Real stores open a new connection for each call. */
  client(): StateStore;
  /**
   * Lets at least `ms` of the store's time pass: a fake clock where the store accepts one,
   * a real wait where it cannot (Redis expires keys with its own clock).
   */
  elapse(ms: number): Promise<void>;
  /** Closes every client and removes what this harness wrote. */
  close(): Promise<void>;
}

/** A named way to start a {@link StoreHarness}, so one suite can run against every store. */
export interface StoreHarnessFactory {
  readonly name: string;
  start(): Promise<StoreHarness>;
}

/** Waits `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A short random suffix, so that agents sharing one Redis or test runs never collide. */
export function uniqueSuffix(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
