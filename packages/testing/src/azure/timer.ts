import type { Timer } from '@azure/functions';

export interface TimerInfoInit {
  isPastDue?: boolean;
  /** The occurrence being run (default now). */
  next?: Date;
  last?: Date;
}

/**
 * The `Timer` a timer function receives while it runs: `scheduleStatus.next` is the occurrence
 * being run, `last` the one before.
 *
 * @example
 * ```ts
 * import { timerInfo } from '@faasade/testing/azure';
 * const timer = timerInfo({ isPastDue: true, next: new Date('2026-11-24T10:00:00Z') });
 * ```
 */
export function timerInfo(init: TimerInfoInit = {}): Timer {
  const next = init.next ?? new Date();
  const last = init.last ?? new Date(next.getTime() - 60_000);
  return {
    isPastDue: init.isPastDue ?? false,
    schedule: { adjustForDST: true },
    scheduleStatus: { last: last.toISOString(), next: next.toISOString(), lastUpdated: last.toISOString() },
  };
}
