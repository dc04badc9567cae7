import { AzureRegistrationError, registerAzureFunctions } from '@faasade/azure-functions';
import { defineApp, event, http, queue, resetInstance, schedule } from '@faasade/core';
import { azureInvocationContext, azureHttpRequest } from '@faasade/testing/azure';
import { as, capturingRegistrar } from './support';

const app = defineApp({
  service: 'orders',
  functions: {
    createOrder: http({ method: 'POST', route: '/orders' }, () => ({ id: 'o-1' })),
    getOrder: http({ method: 'GET', route: '/orders/:id' }, () => ({})),
    files: http({ method: '*', route: '/files/*' }, () => ({})),
    home: http({ method: 'GET', route: '/' }, () => ({})),
    processOrder: queue({ queue: 'orders', maxAttempts: 5 }, () => {}),
    audit: queue({ queue: 'audit', maxAttempts: 3 }, () => {}),
    releaseStale: schedule({ every: '5m' }, () => {}),
    blobCreated: event({ type: 'Microsoft.Storage.BlobCreated' }, () => {}),
  },
});

describe('registerAzureFunctions', () => {
  it('registers each function with its trigger and hands the registrar the same options it returns', () => {
    const registrar = capturingRegistrar();
    const registrations = registerAzureFunctions(app, {
      registrar,
      queues: { audit: { service: 'serviceBus' } },
    });
    expect(registrar.calls.map((c) => [c.method, c.name])).toEqual([
      ['http', 'createOrder'],
      ['http', 'getOrder'],
      ['http', 'files'],
      ['http', 'home'],
      ['storageQueue', 'processOrder'],
      ['serviceBusQueue', 'audit'],
      ['timer', 'releaseStale'],
      ['eventGrid', 'blobCreated'],
    ]);
    registrations.forEach((r, i) => {
      expect(registrar.calls[i].options).toBe(r.options);
      expect(r.options.handler).toBe(r.handler);
    });
  });

  it('gives HTTP functions the Azure route template and their methods, GET also answering HEAD', () => {
    const byName = Object.fromEntries(
      registerAzureFunctions(app, { registrar: capturingRegistrar() }).map((r) => [r.name, r]),
    );
    expect(as(byName.createOrder, 'http').options).toMatchObject({
      route: 'orders',
      methods: ['POST'],
      authLevel: 'anonymous',
    });
    expect(as(byName.getOrder, 'http').options).toMatchObject({
      route: 'orders/{id}',
      methods: ['GET', 'HEAD'],
    });
    expect(as(byName.files, 'http').options.route).toBe('files/{*faasade_rest}');
    expect(as(byName.files, 'http').options.methods).toEqual(
      expect.arrayContaining(['GET', 'POST', 'DELETE', 'PATCH']),
    );
    expect(as(byName.home, 'http').options.route).toBe('{root:maxlength(0)?}');
  });

  it('reads a storage queue with the poison queue as an output binding, and a Service Bus queue when asked', () => {
    const byName = Object.fromEntries(
      registerAzureFunctions(app, {
        registrar: capturingRegistrar(),
        queues: {
          audit: { service: 'serviceBus', connection: 'Bus', queueName: 'audit-events', maxDeliveryCount: 4 },
        },
      }).map((r) => [r.name, r]),
    );
    const storage = as(byName.processOrder, 'storageQueue');
    expect(storage.options).toMatchObject({ queueName: 'orders', connection: 'AzureWebJobsStorage' });
    expect(storage.options.extraOutputs).toEqual([storage.queue.poisonOutput]);
    expect(storage.queue).toMatchObject({
      queueName: 'orders',
      poisonQueueName: 'orders-poison',
      maxDeliveryCount: 5,
    });
    expect(storage.queue.poisonOutput).toMatchObject({
      type: 'queue',
      queueName: 'orders-poison',
      connection: 'AzureWebJobsStorage',
    });

    const bus = as(byName.audit, 'serviceBusQueue');
    expect(bus.options).toMatchObject({ queueName: 'audit-events', connection: 'Bus', cardinality: 'one' });
    expect(bus.queue).toMatchObject({ poisonQueueName: 'audit-events-poison', maxDeliveryCount: 4 });
    expect(bus.queue.poisonOutput).toMatchObject({
      type: 'serviceBus',
      queueName: 'audit-events-poison',
      connection: 'Bus',
    });
  });

  it('schedules timers with a six-field NCRONTAB expression', () => {
    const timer = registerAzureFunctions(app, { registrar: capturingRegistrar() }).find(
      (r) => r.name === 'releaseStale',
    );
    expect(as(timer!, 'timer').options.schedule).toBe('0 */5 * * * *');
  });

  it('refuses, registering nothing, an app that allows more attempts than the host delivers', () => {
    const registrar = capturingRegistrar();
    expect(() => registerAzureFunctions(app, { registrar, maxDequeueCount: 4 })).toThrow(
      AzureRegistrationError,
    );
    expect(() => registerAzureFunctions(app, { registrar, maxDequeueCount: 4 })).toThrow(
      /processOrder: maxAttempts is 5 but host.json extensions.queues.maxDequeueCount .* is 4/,
    );
    expect(registrar.calls).toEqual([]);
  });

  it('refuses queue options for a function that is not a queue function', () => {
    expect(() =>
      registerAzureFunctions(app, {
        registrar: capturingRegistrar(),
        queues: { getOrder: { service: 'storage' } },
      }),
    ).toThrow('queues.getOrder: orders has no queue function named "getOrder"');
  });

  it('registers a catch-all router function when asked, under a name no app function has', () => {
    const registrations = registerAzureFunctions(app, { registrar: capturingRegistrar(), router: true });
    const router = as(registrations.find((r) => r.name === 'faasadeRouter')!, 'http');
    expect(router.options.route).toBe('{*path}');
    expect(router.options.methods).toEqual(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    expect(() =>
      registerAzureFunctions(app, { registrar: capturingRegistrar(), router: 'getOrder' }),
    ).toThrow('router: orders already has a function named "getOrder"; pass another name');
  });

  it('registers a warmup trigger that warms the instance without running user code', async () => {
    let calls = 0;
    const counted = defineApp({
      service: 'warm',
      functions: {
        ping: http({ method: 'GET', route: '/ping' }, (_req, ctx) => ({
          calls: ++calls,
          coldStart: ctx.coldStart,
        })),
      },
    });
    const registrations = registerAzureFunctions(counted, {
      registrar: capturingRegistrar(),
      warmupTrigger: true,
    });
    const warmup = as(registrations.find((r) => r.name === 'faasadeWarmup')!, 'warmup');
    const ping = as(registrations.find((r) => r.name === 'ping')!, 'http');
    resetInstance();
    await warmup.handler({}, azureInvocationContext());
    const response = await ping.handler(
      await azureHttpRequest(new Request('https://app.azurewebsites.net/api/ping')),
      azureInvocationContext(),
    );
    expect(JSON.parse(String((response as { body: string }).body))).toEqual({ calls: 1, coldStart: false });
  });
});
