import type { InvocationContext, Timer, TimerHandler } from '@azure/functions';
import type { PlatformInfo, Runtime, ScheduleInfo } from '@faasade/core';
import { asError } from '../errors';
import { invocationMeta } from '../meta';
import type { AdapterSettings } from '../settings';

/** The host may fire up to a second early (clock skew); an occurrence within this is the current one. */
const SKEW_MS = 1000;

/**
 * When the run was meant to happen. While a timer function runs, the host's `scheduleStatus.next`
 * is still the occurrence being run (for a past-due run, the missed one); it is absent when the
 * schedule is not monitored, and in the future for a `runOnStartup` run. In those cases the
 * scheduled time is now.
 */
export function scheduleInfo(timer: Timer | undefined, now: number = Date.now()): ScheduleInfo {
  const next = Date.parse(timer?.scheduleStatus?.next ?? '');
  const scheduled = Number.isNaN(next) || next > now + SKEW_MS ? now : next;
  return { scheduledTime: new Date(scheduled), pastDue: timer?.isPastDue === true };
}

/** The handler registered with `app.timer`; a failed run throws, so the host records a failure. */
export function createTimerHandler(
  runtime: Runtime,
  functionName: string,
  settings: AdapterSettings,
  platform: PlatformInfo,
): TimerHandler {
  return async (timer: Timer, context: InvocationContext): Promise<void> => {
    const meta = invocationMeta(timer, context, settings.functionTimeoutMs, platform);
    const outcome = await runtime.schedule(functionName, scheduleInfo(timer), meta);
    if (outcome.status === 'error') throw asError(outcome.error);
  };
}
