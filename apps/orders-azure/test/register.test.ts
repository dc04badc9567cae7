import type { AzureRegistrar } from '@faasade/azure-functions';
import { createOrdersApp, memoryServices } from '@faasade/orders';
import { registerOrders } from '../src/register';

function ordersApp() {
  return createOrdersApp(
    memoryServices({ paymentsUrl: 'http://127.0.0.1:4010', events: { publish: async () => {} } }),
  );
}

/** A registrar that records what the host would be given. */
function recorder() {
  const given = new Map<string, { kind: string; options: { handler: unknown } & Record<string, unknown> }>();
  const record =
    (kind: string) =>
    (name: string, options: { handler: unknown }): void => {
      given.set(name, { kind, options });
    };
  const registrar = {
    http: record('http'),
    storageQueue: record('storageQueue'),
    serviceBusQueue: record('serviceBusQueue'),
    timer: record('timer'),
    eventGrid: record('eventGrid'),
    warmup: record('warmup'),
  } as unknown as AzureRegistrar;
  return { registrar, given };
}

describe('registerOrders', () => {
  it('hands the host exactly the registrations it returns', () => {
    const { registrar, given } = recorder();
    const registrations = registerOrders(ordersApp(), { registrar });
    expect([...given.keys()]).toEqual(registrations.map((r) => r.name));
    for (const r of registrations) {
      expect(given.get(r.name)?.kind).toBe(r.kind);
      expect(given.get(r.name)?.options.handler).toBe(r.handler);
    }
  });

  it('reads the queue from the storage setting the app uses, and writes poison messages there too', () => {
    const { registrar, given } = recorder();
    registerOrders(ordersApp(), { registrar, connection: 'ORDERS_STORAGE' });
    const queue = given.get('processOrder')?.options as {
      queueName: string;
      connection: string;
      extraOutputs: unknown[];
    };
    expect(queue).toMatchObject({ queueName: 'orders', connection: 'ORDERS_STORAGE' });
    expect(queue.extraOutputs).toEqual([
      expect.objectContaining({ type: 'queue', queueName: 'orders-poison', connection: 'ORDERS_STORAGE' }),
    ]);
  });

  it('refuses a local maxDequeueCount below the app maxAttempts, as the adapter does', () => {
    expect(() =>
      registerOrders(ordersApp(), { registrar: recorder().registrar, maxDequeueCount: 3 }),
    ).toThrow(/maxAttempts is 5/);
  });
});
