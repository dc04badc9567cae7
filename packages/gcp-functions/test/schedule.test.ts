import { defineApp, type ScheduleInfo, schedule } from '@faasade/core';
import { registerGcpFunctions } from '@faasade/gcp-functions';
import { cloudEventRequest, cloudSchedulerEvent, cloudSchedulerRequest } from '@faasade/testing/gcp';
import { captureLogs, closeAll, type Served, serve } from './support';

const runs: ScheduleInfo[] = [];
const app = defineApp({
  service: 'housekeeping',
  functions: {
    tidy: schedule({ every: '5m' }, (_ctx, info) => {
      runs.push(info);
    }),
    broken: schedule({ cron: '0 * * * *' }, () => {
      throw new Error('cleanup query failed');
    }),
  },
});

const servers: Record<string, Served> = {};
const logs = captureLogs();
const stderr = jest.spyOn(console, 'error').mockImplementation(() => {});
beforeAll(async () => {
  registerGcpFunctions(app);
  servers.tidy = await serve('tidy');
  servers.broken = await serve('broken');
  registerGcpFunctions(app, { scheduleTrigger: 'http' });
  servers.tidyHttp = await serve('tidy');
  servers.brokenHttp = await serve('broken');
});
afterAll(async () => {
  logs.restore();
  stderr.mockRestore();
  await closeAll();
});
beforeEach(() => {
  runs.length = 0;
});

describe('Cloud Scheduler with a Pub/Sub target', () => {
  it('runs the function with the publish time as the scheduled time, never past due', async () => {
    const tick = cloudSchedulerEvent({ jobName: 'tidy', time: '2026-11-24T10:05:00.000Z' });
    const res = await fetch(cloudEventRequest(servers.tidy.url, tick, 'binary'));
    expect(res.status).toBe(204);
    expect(runs).toEqual([{ scheduledTime: new Date('2026-11-24T10:05:00.000Z'), pastDue: false }]);
  });

  it('fails the invocation when the run fails, so the platform records it', async () => {
    const res = await fetch(cloudEventRequest(servers.broken.url, cloudSchedulerEvent(), 'structured'));
    expect(res.status).toBe(500);
  });
});

describe('Cloud Scheduler with an HTTP target', () => {
  it('runs the function with X-CloudScheduler-ScheduleTime as the scheduled time and answers 204', async () => {
    const res = await fetch(
      cloudSchedulerRequest(servers.tidyHttp.url, { time: '2026-11-24T10:10:00.000Z' }),
    );
    expect(res.status).toBe(204);
    expect(runs).toEqual([{ scheduledTime: new Date('2026-11-24T10:10:00.000Z'), pastDue: false }]);
  });

  it('refuses a request that Cloud Scheduler did not send with 403', async () => {
    const res = await fetch(servers.tidyHttp.url, { method: 'POST' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('NOT_CLOUD_SCHEDULER');
    expect(runs).toEqual([]);
  });

  it("answers 500 with the neutral error body when the run fails, so the job's retry configuration applies", async () => {
    const res = await fetch(cloudSchedulerRequest(servers.brokenHttp.url));
    expect(res.status).toBe(500);
    expect((await res.json()).error).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error' });
  });

  it('answers a warm-up ping without running the function', async () => {
    const res = await fetch(servers.tidyHttp.url, { method: 'POST', headers: { 'x-faasade-warmup': '1' } });
    expect(res.status).toBe(204);
    expect(runs).toEqual([]);
  });
});
