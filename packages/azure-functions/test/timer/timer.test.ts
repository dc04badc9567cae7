import { AzureRegistrationError, ncrontab } from '@faasade/azure-functions';
import { defineApp, schedule, type ScheduleInfo } from '@faasade/core';
import { azureInvocationContext, timerInfo } from '@faasade/testing/azure';
import { scheduleInfo } from '../../src/timer/handler';
import { as, registered } from '../support';

describe('ncrontab', () => {
  it('puts a seconds field of 0 in front of the core five-field cron', () => {
    expect(ncrontab({ every: '5m' }, 'f')).toBe('0 */5 * * * *');
    expect(ncrontab({ every: '2h' }, 'f')).toBe('0 0 */2 * * *');
    expect(ncrontab({ every: '1d' }, 'f')).toBe('0 0 0 * * *');
    expect(ncrontab({ cron: '30 2 * * 1-5' }, 'f')).toBe('0 30 2 * * 1-5');
  });

  it('accepts UTC and the app time zone, and refuses any other zone, saying what to do', () => {
    expect(ncrontab({ cron: '0 9 * * *', timezone: 'UTC' }, 'f')).toBe('0 0 9 * * *');
    expect(
      ncrontab({ cron: '0 9 * * *', timezone: 'Europe/Paris' }, 'f', { WEBSITE_TIME_ZONE: 'Europe/Paris' }),
    ).toBe('0 0 9 * * *');
    expect(() => ncrontab({ cron: '0 9 * * *', timezone: 'Europe/Paris' }, 'report', {})).toThrow(
      AzureRegistrationError,
    );
    expect(() => ncrontab({ cron: '0 9 * * *', timezone: 'Europe/Paris' }, 'report', {})).toThrow(
      /report: Azure Functions has no per-function time zone.*WEBSITE_TIME_ZONE=Europe\/Paris/,
    );
  });
});

describe('scheduleInfo', () => {
  const now = Date.parse('2026-11-24T10:05:00Z');

  it('takes the occurrence being run from scheduleStatus.next, and whether it is past due', () => {
    const info = scheduleInfo(timerInfo({ isPastDue: true, next: new Date('2026-11-24T09:00:00Z') }), now);
    expect(info).toEqual({ scheduledTime: new Date('2026-11-24T09:00:00Z'), pastDue: true });
  });

  it('uses now when the schedule is not monitored, or when next is a later occurrence (runOnStartup)', () => {
    expect(scheduleInfo({ isPastDue: false } as never, now)).toEqual({
      scheduledTime: new Date(now),
      pastDue: false,
    });
    const startup = scheduleInfo(timerInfo({ next: new Date('2026-11-24T11:00:00Z') }), now);
    expect(startup.scheduledTime).toEqual(new Date(now));
  });
});

describe('Azure timer trigger', () => {
  it('runs the schedule with when it was meant to run, and throws when it fails so the host records a failure', async () => {
    const runs: ScheduleInfo[] = [];
    const app = defineApp({
      service: 'jobs',
      functions: {
        tidy: schedule({ every: '5m' }, (_ctx, info) => {
          runs.push(info);
        }),
        broken: schedule({ every: '5m' }, () => {
          throw new Error('disk full');
        }),
      },
    });
    const at = registered(app);
    const next = new Date('2025-01-01T10:00:00Z');
    await as(at('tidy'), 'timer').handler(timerInfo({ isPastDue: true, next }), azureInvocationContext());
    expect(runs).toEqual([{ scheduledTime: next, pastDue: true }]);
    await expect(as(at('broken'), 'timer').handler(timerInfo(), azureInvocationContext())).rejects.toThrow(
      'disk full',
    );
  });
});
