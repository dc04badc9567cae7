import { defineApp, event, http, queue, schedule } from '@faasade/core';
import { toLambda } from '../src';
import { captureLogs, context, httpApiEvent } from './fixtures';

captureLogs();

describe('toLambda', () => {
  const app = defineApp({
    service: 'orders',
    functions: {
      getOrder: http({ method: 'GET', route: '/orders/:id' }, () => ({})),
      processOrder: queue({ queue: 'orders' }, () => {}),
      releaseStale: schedule({ every: '5m' }, () => {}),
      onShipped: event({ type: 'order.shipped' }, () => {}),
    },
  });

  it('returns one handler per function, named like it, plus the router', () => {
    expect(Object.keys(toLambda(app)).sort()).toEqual([
      'getOrder',
      'onShipped',
      'processOrder',
      'releaseStale',
      'router',
    ]);
  });

  it('refuses an app with a function named "router", which would hide the router handler', () => {
    const clash = defineApp({
      service: 'clash',
      functions: { router: http({ method: 'GET', route: '/' }, () => ({})) },
    });
    expect(() => toLambda(clash)).toThrow(/function named "router"/);
  });

  it('bounds the telemetry flush at the end of an invocation by flushTimeoutMs', async () => {
    const budgets: number[] = [];
    const { getOrder } = toLambda(app, {
      flushTimeoutMs: 50,
      observer: {
        start: () => ({ traceIds: undefined, run: (fn) => fn(), end() {} }),
        flush: async (timeoutMs) => {
          budgets.push(timeoutMs);
        },
      },
    });
    await getOrder(httpApiEvent(), context({ timeoutMs: 60_000 }));
    expect(budgets).toEqual([50]);
  });
});
