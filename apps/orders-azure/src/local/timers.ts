import type { InvocationContext } from '@azure/functions';
import type { AzureRegistration } from '@faasade/azure-functions';
import { type App, parseSchedule } from '@faasade/core';
import { timerInfo } from '@faasade/testing/azure';

export interface LocalTimers {
  /** The timer functions running on an interval, and the period of each. */
  readonly scheduled: { name: string; everyMs: number }[];
  stop(): void;
}

/**
 * Fires the app's `every` schedules (`releaseStale` every 5 minutes) through their registered
 * timer handlers, on an interval that does not keep the process alive. A run that fails is
 * reported by the handler's own log lines and the next one goes on, as on the host. Cron
 * schedules are the host's job and are not run locally.
 *
 * @example
 * ```ts
 * import { startLocalTimers } from '@faasade/orders-azure/dist/local/timers';
 * const timers = startLocalTimers(app, registrations, (name) => localInvocationContext(name));
 * timers.scheduled; // [{ name: 'releaseStale', everyMs: 300000 }]
 * timers.stop();
 * ```
 */
export function startLocalTimers(
  app: App,
  registrations: AzureRegistration[],
  context: (functionName: string) => InvocationContext,
): LocalTimers {
  const intervals: NodeJS.Timeout[] = [];
  const scheduled: { name: string; everyMs: number }[] = [];
  for (const r of registrations) {
    const fn = app.functions[r.name];
    if (r.kind !== 'timer' || fn?.kind !== 'schedule') continue;
    const everySeconds = parseSchedule(fn.options, r.name).everySeconds;
    if (everySeconds === undefined) continue;
    const everyMs = everySeconds * 1000;
    const interval = setInterval(() => {
      Promise.resolve(r.handler(timerInfo(), context(r.name))).catch(() => undefined);
    }, everyMs);
    interval.unref();
    intervals.push(interval);
    scheduled.push({ name: r.name, everyMs });
  }
  return {
    scheduled,
    stop: () => {
      for (const interval of intervals) clearInterval(interval);
    },
  };
}
