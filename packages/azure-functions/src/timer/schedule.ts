import { parseSchedule, type ScheduleOptions } from '@faasade/core';
import { AzureRegistrationError } from '../errors';

/**
 * The NCRONTAB expression (`{second} {minute} {hour} {day} {month} {day-of-week}`) for a
 * schedule: the core's five-field cron with the seconds field `0` in front.
 *
 * Azure has no per-function time zone: every timer runs in UTC, or in the app's
 * `WEBSITE_TIME_ZONE`. A schedule that names another zone is refused rather than run at the
 * wrong hour.
 *
 * @example
 * ```ts
 * import { ncrontab } from '@faasade/azure-functions';
 * ncrontab({ every: '5m' }, 'tidy'); // '0 *\/5 * * * *'
 * ncrontab({ cron: '30 2 * * 1' }, 'report'); // '0 30 2 * * 1'
 * ```
 */
export function ncrontab(
  options: ScheduleOptions,
  functionName: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const zone = options.timezone;
  if (zone !== undefined && !isUtc(zone) && zone !== env.WEBSITE_TIME_ZONE) {
    throw new AzureRegistrationError(
      `${functionName}: Azure Functions has no per-function time zone, so "${zone}" can not be honoured. ` +
        `Set the app setting WEBSITE_TIME_ZONE=${zone} (where your plan supports it), or write the cron in UTC.`,
    );
  }
  return `0 ${parseSchedule(options, functionName).cron}`;
}

function isUtc(zone: string): boolean {
  return /^(etc\/)?(utc|gmt|zulu)$/i.test(zone) || zone === 'Z';
}
