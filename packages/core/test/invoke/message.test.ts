import { z } from 'zod';
import { defineApp, event, queue, schedule } from '../../src/function/define';
import { PermanentError } from '../../src/function/errors';
import type { QueueMessage } from '../../src/function/types';
import { invokeEvent, invokeMessage, invokeSchedule } from '../../src/invoke/local';

const deadLettered: { id: string; error: string }[] = [];
const seen: QueueMessage[] = [];

const app = defineApp({
  service: 'jobs',
  onDeadLetter: (msg, error) => {
    deadLettered.push({ id: msg.id, error: (error as Error).message });
  },
  functions: {
    typed: queue({ queue: 'orders', maxAttempts: 3, schema: z.object({ orderId: z.string() }) }, (msg) => {
      seen.push(msg);
    }),
    flaky: queue({ queue: 'flaky', maxAttempts: 3 }, () => {
      throw new Error('payment service unavailable');
    }),
    hopeless: queue({ queue: 'hopeless' }, () => {
      throw new PermanentError('order does not exist');
    }),
    tick: schedule({ every: '5m' }, (ctx, info) => {
      ctx.log.info('tick', { at: info.scheduledTime.toISOString() });
    }),
    failingTick: schedule({ cron: '0 * * * *' }, () => {
      throw new Error('nope');
    }),
    onCreated: event({ type: 'order.created' }, (ce) => {
      seen.push({ id: ce.id } as QueueMessage);
    }),
  },
});

beforeEach(() => {
  deadLettered.length = 0;
  seen.length = 0;
});

describe('queue functions', () => {
  it('hands the validated body and the delivery facts to the handler', async () => {
    const outcome = await invokeMessage(
      app,
      'typed',
      { orderId: 'o-1' },
      { id: 'm-1', deliveryCount: 2, attributes: { a: 'b' } },
    );
    expect(outcome).toEqual({ status: 'ok' });
    expect(seen[0]).toMatchObject({
      id: 'm-1',
      body: { orderId: 'o-1' },
      deliveryCount: 2,
      attributes: { a: 'b' },
    });
  });

  it('gives the body’s bytes: the UTF-8 of the text it arrived as, made on first read', async () => {
    await invokeMessage(app, 'typed', { orderId: 'ø-1' }, { id: 'm-2' });
    const message = seen[0];
    expect(new TextDecoder().decode(message.bytes)).toBe('{"orderId":"ø-1"}');
    expect(message.bytes).toBe(message.bytes);
    expect(JSON.parse(JSON.stringify(message))).not.toHaveProperty('bytes');
  });

  it('dead-letters a message that fails validation at once instead of retrying it', async () => {
    const outcome = await invokeMessage(app, 'typed', { order: 1 }, { id: 'm-bad', deliveryCount: 1 });
    expect(outcome).toMatchObject({ status: 'dead-letter', reason: 'invalid' });
    expect(deadLettered.map((d) => d.id)).toEqual(['m-bad']);
    expect(seen).toHaveLength(0);
  });

  it('dead-letters a body that is not JSON when the function has a schema', async () => {
    expect(await invokeMessage(app, 'typed', 'not json{', { id: 'm-text' })).toMatchObject({
      status: 'dead-letter',
      reason: 'invalid',
    });
  });

  it('asks for a retry while attempts remain, then dead-letters on the last one', async () => {
    expect((await invokeMessage(app, 'flaky', {}, { id: 'f', deliveryCount: 1 })).status).toBe('retry');
    expect((await invokeMessage(app, 'flaky', {}, { id: 'f', deliveryCount: 2 })).status).toBe('retry');
    expect(deadLettered).toHaveLength(0);
    expect(await invokeMessage(app, 'flaky', {}, { id: 'f', deliveryCount: 3 })).toMatchObject({
      status: 'dead-letter',
      reason: 'exhausted',
    });
    expect(deadLettered).toEqual([{ id: 'f', error: 'payment service unavailable' }]);
  });

  it('dead-letters a PermanentError on its first delivery', async () => {
    expect(await invokeMessage(app, 'hopeless', {}, { id: 'h' })).toMatchObject({
      status: 'dead-letter',
      reason: 'invalid',
    });
  });
});

describe('schedule and event functions', () => {
  it('runs a schedule and reports failures as outcomes', async () => {
    expect(await invokeSchedule(app, 'tick')).toEqual({ status: 'ok' });
    const failed = await invokeSchedule(app, 'failingTick');
    expect(failed.status).toBe('error');
  });

  it('delivers only the CloudEvent types a function handles', async () => {
    const base = { specversion: '1.0' as const, source: '/orders' };
    await invokeEvent(app, 'onCreated', { ...base, id: 'e-1', type: 'order.created' });
    await invokeEvent(app, 'onCreated', { ...base, id: 'e-2', type: 'order.deleted' });
    expect(seen.map((s) => s.id)).toEqual(['e-1']);
  });

  it('rejects schedules the clouds cannot express', () => {
    expect(() => schedule({ every: '7m' }, () => {})).toThrow('does not divide an hour');
    expect(() => schedule({ every: '30s' }, () => {})).toThrow('whole minutes');
    expect(() => schedule({ cron: '* * *' }, () => {})).toThrow('five fields');
  });
});
