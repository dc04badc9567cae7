import { defineApp, PermanentError, queue, type QueueMessage } from '@faasade/core';
import { azureInvocationContext, serviceBusMessage, storageQueueMessage } from '@faasade/testing/azure';
import { z } from 'zod';
import { as, registered } from '../support';

const Order = z.object({ orderId: z.string() });

function orderApp(behaviour: (message: QueueMessage) => void, maxAttempts = 5) {
  const received: QueueMessage[] = [];
  const deadLettered: { id: string; error: unknown }[] = [];
  const app = defineApp({
    service: 'orders',
    onDeadLetter: (message, error) => {
      deadLettered.push({ id: message.id, error });
    },
    functions: {
      processOrder: queue({ queue: 'orders', maxAttempts, schema: Order }, (message) => {
        received.push(message);
        behaviour(message);
      }),
      freeText: queue({ queue: 'notes' }, (message) => {
        received.push(message);
      }),
    },
  });
  return { app, received, deadLettered };
}

async function deliver(
  app: ReturnType<typeof orderApp>['app'],
  body: unknown,
  dequeueCount = 1,
  options = {},
) {
  const registration = as(registered(app, options)('processOrder'), 'storageQueue');
  const message = storageQueueMessage(body, {
    id: 'msg-1',
    dequeueCount,
    insertionTime: new Date('2026-11-24T10:00:00Z'),
  });
  const context = azureInvocationContext({
    functionName: 'processOrder',
    triggerMetadata: message.triggerMetadata,
  });
  const settled = await registration.handler(message.entry, context).then(
    () => ({ threw: undefined }),
    (error: unknown) => ({ threw: error }),
  );
  return { ...settled, poison: context.extraOutputs.get(registration.queue.poisonOutput) };
}

describe('Azure storage queue trigger', () => {
  it('hands the message over with its id, delivery count, insertion time and queue', async () => {
    const { app, received } = orderApp(() => {});
    const result = await deliver(app, { orderId: 'o-1' }, 2);
    expect(result).toEqual({ threw: undefined, poison: undefined });
    expect(received[0]).toMatchObject({
      id: 'msg-1',
      body: { orderId: 'o-1' },
      text: '{"orderId":"o-1"}',
      deliveryCount: 2,
      enqueuedAt: new Date('2026-11-24T10:00:00Z'),
      source: 'orders',
    });
  });

  it('throws when the handler fails, so that the host delivers the message again', async () => {
    const failure = new Error('database down');
    const { app, deadLettered } = orderApp(() => {
      throw failure;
    });
    const result = await deliver(app, { orderId: 'o-1' }, 1);
    expect(result).toEqual({ threw: failure, poison: undefined });
    expect(deadLettered).toEqual([]);
  });

  it('writes a message that fails validation to the poison queue on its first delivery, without retrying it', async () => {
    const { app, received, deadLettered } = orderApp(() => {});
    const result = await deliver(app, { order: 'no id' }, 1);
    expect(result).toEqual({ threw: undefined, poison: '{"order":"no id"}' });
    expect(received).toEqual([]);
    expect(deadLettered.map((d) => [d.id, d.error])).toEqual([['msg-1', expect.any(PermanentError)]]);
  });

  it('writes a body that is not JSON to the poison queue as the text it was', async () => {
    const { app } = orderApp(() => {});
    expect(await deliver(app, 'not json', 1)).toEqual({ threw: undefined, poison: 'not json' });
  });

  it("throws on the host's last delivery, so that the host moves the message to <queue>-poison itself", async () => {
    const failure = new Error('still down');
    const { app, deadLettered } = orderApp(() => {
      throw failure;
    });
    const result = await deliver(app, { orderId: 'o-1' }, 5);
    expect(result).toEqual({ threw: failure, poison: undefined });
    expect(deadLettered.map((d) => d.id)).toEqual(['msg-1']);
  });

  it('poisons at once when the app gives up before the host would (maxAttempts below maxDequeueCount)', async () => {
    const { app, deadLettered } = orderApp(() => {
      throw new Error('flaky');
    }, 3);
    expect(await deliver(app, { orderId: 'o-1' }, 2, { maxDequeueCount: 5 })).toMatchObject({
      threw: expect.any(Error),
    });
    expect(await deliver(app, { orderId: 'o-1' }, 3, { maxDequeueCount: 5 })).toEqual({
      threw: undefined,
      poison: '{"orderId":"o-1"}',
    });
    expect(deadLettered).toHaveLength(1);
  });

  it('does not run the handler for a warm-up payload', async () => {
    const { app, received } = orderApp(() => {});
    expect(await deliver(app, { faasadeWarmup: true }, 1)).toEqual({ threw: undefined, poison: undefined });
    expect(received).toEqual([]);
  });

  it('continues the trace a message carries in its body, over the new operation the host started', async () => {
    const seen: Array<string | undefined> = [];
    const app = defineApp({
      service: 'orders',
      functions: {
        processOrder: queue({ queue: 'orders' }, (_message, ctx) => {
          seen.push(ctx.trace?.traceId);
        }),
      },
    });
    const registration = as(registered(app)('processOrder'), 'storageQueue');
    const host = '00-11111111111111111111111111111111-2222222222222222-01';
    const published = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    for (const body of [
      { orderId: 'o-1', traceparent: published, tracestate: 'k=v' },
      { orderId: 'o-2', traceparent: 'not-a-traceparent' },
      { orderId: 'o-3' },
      'plain text',
    ]) {
      const message = storageQueueMessage(body);
      const context = azureInvocationContext({
        functionName: 'processOrder',
        triggerMetadata: message.triggerMetadata,
        traceParent: host,
      });
      await registration.handler(message.entry, context);
    }
    expect(seen).toEqual([
      '0af7651916cd43dd8448eb211c80319c',
      '11111111111111111111111111111111',
      '11111111111111111111111111111111',
      '11111111111111111111111111111111',
    ]);
  });

  it('hands a binary message over as its exact bytes, and poisons it as those bytes', async () => {
    const payload = Buffer.from([0x0a, 0x03, 0xff, 0x00, 0x80, 0xc3, 0x28]);
    const { app, received } = orderApp(() => {});
    const registration = as(registered(app)('freeText'), 'storageQueue');
    const message = storageQueueMessage(payload);
    await registration.handler(
      message.entry,
      azureInvocationContext({ triggerMetadata: message.triggerMetadata }),
    );
    expect(Buffer.from(received[0].bytes).equals(payload)).toBe(true);
    // The same bytes fail processOrder's schema (not JSON): the poison queue gets them unchanged.
    const result = await deliver(app, payload);
    expect(Buffer.isBuffer(result.poison)).toBe(true);
    expect((result.poison as Buffer).equals(payload)).toBe(true);
  });

  it('reads bytes as UTF-8 text and keeps plain text as it is', async () => {
    const { app, received } = orderApp(() => {});
    const registration = as(registered(app)('freeText'), 'storageQueue');
    await registration.handler(
      Buffer.from('héllo'),
      azureInvocationContext({ triggerMetadata: { id: 'b', dequeueCount: 1 } }),
    );
    await registration.handler(
      'plain words',
      azureInvocationContext({ triggerMetadata: { id: 'p', dequeueCount: 1 } }),
    );
    expect(received.map((m) => [m.id, m.text, m.source])).toEqual([
      ['b', 'héllo', 'notes'],
      ['p', 'plain words', 'notes'],
    ]);
  });
});

describe('Azure Service Bus queue trigger', () => {
  async function deliverBus(app: ReturnType<typeof orderApp>['app'], body: unknown, deliveryCount: number) {
    const registration = as(
      registered(app, { queues: { processOrder: { service: 'serviceBus', maxDeliveryCount: 5 } } })(
        'processOrder',
      ),
      'serviceBusQueue',
    );
    const message = serviceBusMessage(body, {
      messageId: 'sb-1',
      deliveryCount,
      applicationProperties: { tenant: 'acme', priority: 2 },
    });
    const context = azureInvocationContext({ triggerMetadata: message.triggerMetadata });
    const threw = await registration.handler(message.entry, context).then(
      () => undefined,
      (error: unknown) => error,
    );
    return { threw, poison: context.extraOutputs.get(registration.queue.poisonOutput) };
  }

  it('hands the message over with its message id, delivery count and application properties', async () => {
    const { app, received } = orderApp(() => {});
    await deliverBus(app, { orderId: 'o-2' }, 3);
    expect(received[0]).toMatchObject({
      id: 'sb-1',
      deliveryCount: 3,
      attributes: { tenant: 'acme', priority: '2' },
      source: 'orders',
    });
  });

  it('forwards an invalid message to the poison queue and throws on the last delivery', async () => {
    const { app } = orderApp(() => {
      throw new Error('down');
    });
    expect(await deliverBus(app, { nope: true }, 1)).toEqual({ threw: undefined, poison: '{"nope":true}' });
    expect(await deliverBus(app, { orderId: 'o-2' }, 5)).toMatchObject({
      threw: expect.any(Error),
      poison: undefined,
    });
  });
});
