import { PermanentError, type QueueMessage } from '@faasade/core/function';
import {
  IdempotencyInProgressError,
  IdempotencyKeyMissingError,
  type IdempotencyOptions,
  IdempotencyPayloadMismatchError,
  idempotent,
} from '@faasade/core/idempotency';
import { InMemoryStateStore } from '@faasade/core/state';
import { gate, queueMessage, runInvocation } from '../support/invocation';

interface OrderPlaced {
  orderId: string;
  total: number;
}

describe('idempotent queue handlers', () => {
  let store: InMemoryStateStore;
  let shipped: string[];

  beforeEach(() => {
    store = new InMemoryStateStore();
    shipped = [];
  });

  /** The queue handler under test: ships an order, made idempotent with `options`. */
  function shipOrder(options: Partial<IdempotencyOptions<QueueMessage<OrderPlaced>>> = {}) {
    return idempotent(
      async (msg: QueueMessage<OrderPlaced>) => {
        shipped.push(msg.body.orderId);
        return { shipment: `s-${msg.body.orderId}` };
      },
      { store, ...options },
    );
  }

  it('handles a message once per message id; a redelivery gets the stored result', async () => {
    const handler = shipOrder();
    const message = queueMessage({ orderId: 'o-1', total: 10 });
    const first = await runInvocation((ctx) => handler(message, ctx));
    const redelivered = await runInvocation((ctx) => handler({ ...message, deliveryCount: 2 }, ctx));
    expect(shipped).toEqual(['o-1']);
    expect(redelivered).toEqual(first);
    expect(redelivered).toEqual({ shipment: 's-o-1' });
  });

  it('takes the key from the body with a key function: two messages about one order ship it once', async () => {
    const handler = shipOrder({ key: (msg) => msg.body.orderId });
    await runInvocation((ctx) => handler(queueMessage({ orderId: 'o-1', total: 10 }, { id: 'm-1' }), ctx));
    await runInvocation((ctx) => handler(queueMessage({ orderId: 'o-1', total: 10 }, { id: 'm-2' }), ctx));
    expect(shipped).toEqual(['o-1']);
  });

  it('dead-letters a reused key with another body at once: a PermanentError caused by the mismatch', async () => {
    const handler = shipOrder({ key: (msg) => msg.body.orderId });
    await runInvocation((ctx) => handler(queueMessage({ orderId: 'o-1', total: 10 }), ctx));
    const reused = await runInvocation((ctx) =>
      handler(queueMessage({ orderId: 'o-1', total: 99 }), ctx),
    ).catch((error: unknown) => error);
    expect(reused).toBeInstanceOf(PermanentError);
    expect((reused as Error).cause).toBeInstanceOf(IdempotencyPayloadMismatchError);
    expect(shipped).toEqual(['o-1']);
  });

  it('fails a duplicate that arrives while the first runs, so the queue delivers it again later', async () => {
    const started = gate();
    const running = gate();
    const handler = idempotent(
      async (_msg: { id: string; body: unknown }) => {
        started.open();
        await running.wait;
      },
      { store },
    );
    const message = queueMessage({ orderId: 'o-1' });
    const first = runInvocation((ctx) => handler(message, ctx));
    await started.wait;
    const duplicate = runInvocation((ctx) => handler(message, ctx));
    await expect(duplicate).rejects.toThrow(IdempotencyInProgressError);
    await expect(duplicate).rejects.not.toBeInstanceOf(PermanentError);
    running.open();
    await first;
  });

  it('lets a redelivery run again after the handler failed', async () => {
    let attempts = 0;
    const handler = idempotent(
      async (_msg: { id: string; body: unknown }) => {
        if (++attempts === 1) throw new Error('warehouse unavailable');
        return 'shipped';
      },
      { store },
    );
    const message = queueMessage({ orderId: 'o-1' });
    await expect(runInvocation((ctx) => handler(message, ctx))).rejects.toThrow('warehouse unavailable');
    expect(await runInvocation((ctx) => handler(message, ctx))).toBe('shipped');
  });

  it('dead-letters a message without a key when one is required', async () => {
    const handler = shipOrder({ key: () => undefined, required: true });
    const missing = await runInvocation((ctx) =>
      handler(queueMessage({ orderId: 'o-1', total: 1 }), ctx),
    ).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(PermanentError);
    expect((missing as Error).cause).toBeInstanceOf(IdempotencyKeyMissingError);
    expect(shipped).toEqual([]);
  });

  it('handles a message without a key normally when none is required', async () => {
    const handler = shipOrder({ key: () => undefined });
    const message = queueMessage({ orderId: 'o-1', total: 1 });
    await runInvocation((ctx) => handler(message, ctx));
    await runInvocation((ctx) => handler(message, ctx));
    expect(shipped).toEqual(['o-1', 'o-1']);
  });
});
