import { InvocationContextToken, provide, ServiceNotFoundError, token } from '../../src/container';
import { defineApp, http } from '../../src/function/define';
import { invoke } from '../../src/invoke/local';

class Clock {
  constructor(readonly created = Symbol('clock')) {}
}
class Greeter {
  constructor(readonly clock: Clock) {}
}

describe('the container', () => {
  const ClockToken = token<Clock>('Clock');
  const GreeterToken = token<Greeter>('Greeter');
  const UnusedToken = token<object>('Unused');

  it('creates singletons lazily, once per instance, with their dependencies', async () => {
    const made: string[] = [];
    const app = defineApp({
      service: 'c',
      services: [
        provide(ClockToken, () => {
          made.push('clock');
          return new Clock();
        }),
        provide(GreeterToken, (r) => {
          made.push('greeter');
          return new Greeter(r.get(ClockToken));
        }),
        provide(UnusedToken, () => {
          made.push('unused');
          return {};
        }),
      ],
      functions: {
        f: http({ method: 'GET', route: '/f' }, (_req, ctx) => ({
          same: ctx.get(GreeterToken).clock === ctx.get(ClockToken),
          id: ctx.get(InvocationContextToken).invocationId,
        })),
      },
    });
    expect(made).toEqual([]);
    const first = await (
      await invoke(app, new Request('http://l/f'), { meta: { invocationId: 'a' } })
    ).json();
    await invoke(app, new Request('http://l/f'));
    expect(first).toEqual({ same: true, id: 'a' });
    expect(made).toEqual(['greeter', 'clock']);
  });

  it('runs onInit hooks once per instance, before the first invocation', async () => {
    const order: string[] = [];
    const app = defineApp({
      service: 'c',
      onInit: async () => {
        order.push('init');
      },
      functions: {
        f: http({ method: 'GET', route: '/f' }, () => {
          order.push('call');
          return {};
        }),
      },
    });
    await Promise.all([invoke(app, new Request('http://l/f')), invoke(app, new Request('http://l/f'))]);
    expect(order).toEqual(['init', 'call', 'call']);
  });

  it('names the missing token when a service was never provided', () => {
    const app = defineApp({ service: 'c', functions: {} });
    expect(() => app.container.get(UnusedToken)).toThrow(ServiceNotFoundError);
    expect(() => app.container.get(UnusedToken)).toThrow('"Unused"');
  });

  it('names a binding written by hand instead of with provide(), which has no container to load', () => {
    // A fresh copy of the module: provide() elsewhere in this file installs the loader.
    jest.isolateModules(() => {
      const fresh = require('../../src/container') as typeof import('../../src/container');
      const Hand = fresh.token<string>('Hand');
      const container = new fresh.AppContainer([{ token: Hand, factory: () => 'x' }]);
      expect(() => container.get(Hand)).toThrow(TypeError);
      expect(() => container.get(Hand)).toThrow('"Hand" was not bound with provide()');
      const bound = new fresh.AppContainer([fresh.provide(Hand, () => 'x')]);
      expect(bound.get(Hand)).toBe('x');
    });
  });

  it('refuses the invocation context outside an invocation', () => {
    const app = defineApp({ service: 'c', functions: {} });
    expect(() => app.container.get(InvocationContextToken)).toThrow(
      'only available while an invocation is running',
    );
  });

  it('rejects two functions on the same method and route', () => {
    expect(() =>
      defineApp({
        service: 'c',
        functions: {
          a: http({ method: 'GET', route: '/x/:id' }, () => ({})),
          b: http({ method: 'GET', route: '/x/:other' }, () => ({})),
        },
      }),
    ).toThrow('both answer GET');
  });
});
