import { defineApp, PermanentError, type QueueMessage, queue } from '@faasade/core';
import { type DeadLetterMessage, registerGcpFunctions } from '@faasade/gcp-functions';
import { type CloudEventMode, cloudEventRequest, pubsubCloudEvent } from '@faasade/testing/gcp';
import { z } from 'zod';
import { captureLogs, closeAll, type Served, serve } from './support';

const handled: QueueMessage[] = [];
const deadLettered: { id: string; error: unknown }[] = [];
const published: DeadLetterMessage[] = [];
let publishFails = false;

const app = defineApp({
  service: 'orders',
  onDeadLetter: (message, error) => {
    deadLettered.push({ id: message.id, error });
  },
  functions: {
    record: queue({ queue: 'orders' }, (message) => {
      handled.push(message);
    }),
    flaky: queue({ queue: 'flaky', maxAttempts: 5 }, () => {
      throw new Error('inventory service unavailable');
    }),
    typed: queue({ queue: 'typed', schema: z.object({ orderId: z.string() }) }, (message) => {
      handled.push(message);
    }),
    hopeless: queue({ queue: 'hopeless' }, () => {
      throw new PermanentError('order o-9 does not exist');
    }),
  },
});

const servers: Record<string, Served> = {};
const logs = captureLogs();
// functions-framework prints each failure it answers 500 to on stderr.
const stderr = jest.spyOn(console, 'error').mockImplementation(() => {});
beforeAll(async () => {
  registerGcpFunctions(app);
  for (const name of ['record', 'flaky', 'typed', 'hopeless']) servers[name] = await serve(name);
  registerGcpFunctions(app, {
    deadLetterPublisher: {
      publish: async (message) => {
        if (publishFails) throw new Error('permission denied on topic orders-dead');
        published.push(message);
      },
    },
  });
  servers.typedWithTopic = await serve('typed');
});
afterAll(async () => {
  logs.restore();
  stderr.mockRestore();
  await closeAll();
});
beforeEach(() => {
  stderr.mockClear();
  handled.length = 0;
  deadLettered.length = 0;
  published.length = 0;
  publishFails = false;
});

const deliver = (
  target: string,
  init: Parameters<typeof pubsubCloudEvent>[0],
  mode: CloudEventMode = 'binary',
) => fetch(cloudEventRequest(servers[target].url, pubsubCloudEvent(init), mode));

describe.each<CloudEventMode>(['binary', 'structured'])('a Pub/Sub message in %s mode', (mode) => {
  it('reaches the handler decoded, with its attributes, id, publish time, delivery attempt and subscription', async () => {
    const res = await deliver(
      'record',
      {
        data: { orderId: 'o-1', note: 'crème brûlée' },
        attributes: { origin: 'web' },
        messageId: 'm-1',
        publishTime: '2026-11-24T10:00:00.000Z',
        deliveryAttempt: 3,
        subscription: 'orders-push',
      },
      mode,
    );
    expect(res.status).toBe(204);
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({
      id: 'm-1',
      body: { orderId: 'o-1', note: 'crème brûlée' },
      text: '{"orderId":"o-1","note":"crème brûlée"}',
      attributes: { origin: 'web' },
      deliveryCount: 3,
      enqueuedAt: new Date('2026-11-24T10:00:00.000Z'),
      source: 'projects/faasade-test/subscriptions/orders-push',
    });
  });
});

describe('binary data', () => {
  it('reaches the handler as the exact bytes published, next to their (lossy) UTF-8 text', async () => {
    const payload = new Uint8Array([0x0a, 0x03, 0xff, 0x00, 0x80, 0xc3, 0x28, 0x7f]);
    const res = await deliver('record', { data: payload, messageId: 'bin-1' });
    expect(res.status).toBe(204);
    expect(Buffer.from(handled[0].bytes).equals(Buffer.from(payload))).toBe(true);
    expect(handled[0].text).toBe(Buffer.from(payload).toString('utf8'));
    // Not enumerable: a message logged or stringified does not carry its body twice.
    expect(Object.keys(handled[0])).not.toContain('bytes');
  });
});

describe('delivery attempts', () => {
  it('counts a delivery as the first when the subscription has no dead-letter policy (no deliveryAttempt)', async () => {
    await deliver('record', { data: 'plain text', messageId: 'm-2' });
    expect(handled[0]).toMatchObject({ body: 'plain text', deliveryCount: 1 });
  });

  it('fails a message that threw while attempts remain, so Pub/Sub delivers it again', async () => {
    const res = await deliver('flaky', { data: {}, messageId: 'm-3', deliveryAttempt: 4 });
    expect(res.status).toBe(500);
    expect(deadLettered).toEqual([]);
    // The runtime logged the error itself; functions-framework's stderr line says what happens next.
    expect(stderr.mock.calls).toEqual([
      ['PubsubRedeliveryError: Message m-3 failed on delivery 4; Pub/Sub will deliver it again'],
    ]);
  });

  it('fails a message on its last attempt too, so the dead-letter policy forwards it, after onDeadLetter ran', async () => {
    const res = await deliver('flaky', { data: {}, messageId: 'm-4', deliveryAttempt: 5 });
    expect(res.status).toBe(500);
    expect(deadLettered.map((d) => d.id)).toEqual(['m-4']);
  });
});

describe('messages that can never succeed', () => {
  it('acknowledges a message that fails validation instead of retrying it, after onDeadLetter ran', async () => {
    const res = await deliver('typed', { data: { order: 1 }, messageId: 'm-5', deliveryAttempt: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deadLettered: 'invalid', messageId: 'm-5', published: false });
    expect(deadLettered.map((d) => d.id)).toEqual(['m-5']);
    expect(handled).toEqual([]);
  });

  it('acknowledges a PermanentError at once', async () => {
    const res = await deliver('hopeless', { data: {}, messageId: 'm-6', deliveryAttempt: 1 });
    expect(res.status).toBe(200);
    expect(deadLettered.map((d) => (d.error as Error).message)).toEqual(['order o-9 does not exist']);
  });

  it('publishes it to the dead-letter topic first when a publisher is configured: original bytes, attributes and why', async () => {
    const res = await deliver('typedWithTopic', {
      data: 'not json{',
      attributes: { origin: 'batch' },
      messageId: 'm-7',
      deliveryAttempt: 2,
      orderingKey: 'customer-1',
    });
    expect(await res.json()).toEqual({ deadLettered: 'invalid', messageId: 'm-7', published: true });
    expect(published).toHaveLength(1);
    expect(published[0].data.toString()).toBe('not json{');
    expect(published[0].orderingKey).toBe('customer-1');
    expect(published[0].attributes).toMatchObject({
      origin: 'batch',
      faasade_dead_letter_reason: 'invalid',
      faasade_message_id: 'm-7',
      faasade_delivery_attempt: '2',
      faasade_source: 'projects/faasade-test/subscriptions/faasade-topic-sub',
    });
    expect(published[0].attributes.faasade_error).toContain('not valid JSON');
  });

  it('fails the message when the dead-letter topic can not be reached, so it is not lost', async () => {
    publishFails = true;
    const res = await deliver('typedWithTopic', { data: { order: 1 }, messageId: 'm-8' });
    expect(res.status).toBe(500);
    expect(published).toEqual([]);
  });
});

describe('other deliveries', () => {
  it('answers a warm-up message without running the handler', async () => {
    const res = await deliver('record', { data: { faasadeWarmup: true } });
    expect(res.status).toBe(204);
    expect(handled).toEqual([]);
  });

  it('fails a CloudEvent that carries no Pub/Sub message', async () => {
    const ce = {
      specversion: '1.0' as const,
      id: 'e-1',
      source: '//storage.googleapis.com/b',
      type: 'google.cloud.storage.object.v1.finalized',
      data: { name: 'f' },
    };
    const res = await fetch(cloudEventRequest(servers.record.url, ce, 'structured'));
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('without data.message');
    expect(handled).toEqual([]);
  });
});
