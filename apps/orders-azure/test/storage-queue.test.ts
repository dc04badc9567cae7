import { MemorySink, setDefaultLogSink } from '@faasade/core/logger';
import { createOrdersApp } from '@faasade/orders';
import { embedded } from '../src/embedded';
import { queueMessageText } from '../src/publisher';
import { COLLECT_ONLY, registerOrders } from '../src/register';

const sink = new MemorySink();
const logFormat = process.env.FAASADE_LOG_FORMAT;

beforeAll(() => {
  process.env.FAASADE_LOG_FORMAT = 'json';
  setDefaultLogSink(sink);
});

afterAll(() => {
  setDefaultLogSink(undefined);
  if (logFormat === undefined) delete process.env.FAASADE_LOG_FORMAT;
  else process.env.FAASADE_LOG_FORMAT = logFormat;
});

/** The orders app on the embedded defaults, its queue bound to the registered processOrder. */
function ordersOnLocalQueue(maxAttempts: number) {
  const poisoned: string[] = [];
  // Nothing listens here: a charge would fail, which these messages never reach.
  const local = embedded({
    paymentsUrl: 'http://127.0.0.1:9',
    maxDequeueCount: maxAttempts,
    redeliveryDelayMs: 10,
    onPoison: (m) => poisoned.push(m.id),
  });
  const registrations = registerOrders(createOrdersApp(local.services, { maxAttempts }), {
    maxDequeueCount: maxAttempts,
    registrar: COLLECT_ONLY,
  });
  local.bind(registrations);
  return { queue: local.queue, poisoned };
}

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('LocalStorageQueue with the registered processOrder', () => {
  beforeEach(() => sink.clear());

  it('poisons an invalid message on its first delivery through the poison output binding', async () => {
    const { queue, poisoned } = ordersOnLocalQueue(5);
    const id = queue.send(encode('{"type":"order.shipped","orderId":"o-1"}'));
    await queue.idle();
    expect(queue.deadLettered()).toEqual([
      { id, body: '{"type":"order.shipped","orderId":"o-1"}', reason: 'dead-lettered by processOrder' },
    ]);
    expect(poisoned).toEqual([id]);
    const deliveries = sink.records().filter((l) => l.function === 'processOrder' && 'deliveryCount' in l);
    expect(deliveries.map((l) => [l.message, l.deliveryCount])).toEqual([['message dead-lettered', 1]]);
  });

  it('poisons a message for an order that does not exist (a PermanentError) without retrying it', async () => {
    const { queue } = ordersOnLocalQueue(5);
    await queue.idle();
    const id = queue.send(queueMessageText({ type: 'order.created', orderId: 'no-such-order' }, {}));
    await queue.idle();
    expect(queue.deadLettered()).toEqual([
      {
        id,
        body: '{"type":"order.created","orderId":"no-such-order"}',
        reason: 'dead-lettered by processOrder',
      },
    ]);
    expect(queue.pending()).toBe(0);
  });

  it('poisons text that is not base64 without running the function, as the host does with messageEncoding base64', async () => {
    const { queue } = ordersOnLocalQueue(5);
    const id = queue.send('not base64!');
    await queue.idle();
    expect(queue.deadLettered()).toEqual([
      { id, body: 'not base64!', reason: 'the message is not base64 (host.json messageEncoding is base64)' },
    ]);
    expect(sink.records().filter((l) => l.function === 'processOrder')).toEqual([]);
  });

  it('keeps messages until a function is bound, drops them on close and refuses new ones', async () => {
    const { queue } = embedded({
      paymentsUrl: 'http://127.0.0.1:9',
      maxDequeueCount: 5,
      redeliveryDelayMs: 10,
    });
    queue.send(encode('{"type":"order.created","orderId":"o-1"}'));
    queue.send(encode('{"type":"order.created","orderId":"o-2"}'));
    expect(queue.pending()).toBe(2);
    await queue.close();
    expect(queue.pending()).toBe(0);
    expect(() => queue.send(encode('{}'))).toThrow(/closed/);
  });
});
