import { currentScope } from '../../src/context/scope';
import { defineApp, http } from '../../src/function/define';
import { Runtime } from '../../src/invoke/runtime';

const app = defineApp({
  service: 'rt',
  functions: {
    get: http({ method: 'GET', route: '/items/:id' }, (_req, ctx) => ({ id: ctx.params.id })),
    wait: http({ method: 'GET', route: '/wait' }, (_req, ctx) => {
      return new Promise((resolve) =>
        ctx.signal.addEventListener('abort', () => resolve({ aborted: String(ctx.signal.reason) })),
      );
    }),
  },
});
const runtime = new Runtime(app, { cloud: 'local' });
const input = (method: string, path: string) => ({ method, path, query: '', headers: {} });

describe('Runtime', () => {
  it('answers 405 with Allow when a function called by name does not take the method', async () => {
    const out = await runtime.http(input('DELETE', '/items/1'), {}, 'get');
    expect(out.status).toBe(405);
    expect(out.headers.allow).toBe('GET');
  });

  it('uses the platform path parameters when the route does not match the path', async () => {
    const out = await runtime.http(
      { ...input('GET', '/prod/x'), params: { id: 'from-platform' } },
      {},
      'get',
    );
    expect(JSON.parse(out.body as string)).toEqual({ id: 'from-platform' });
  });

  it('aborts ctx.signal when the platform cancels the invocation', async () => {
    const cancel = new AbortController();
    const pending = runtime.http(input('GET', '/wait'), { signal: cancel.signal });
    setImmediate(() => cancel.abort('client went away'));
    const out = await pending;
    expect(JSON.parse(out.body as string)).toEqual({ aborted: 'client went away' });
  });

  it('records the response status on the scope for log formatters, after the handler ran', async () => {
    let seen: number | undefined;
    const probe = defineApp({
      service: 'rt',
      functions: {
        f: http({ method: 'GET', route: '/f' }, () => {
          const scope = currentScope();
          queueMicrotask(() => {
            seen = scope?.http?.status;
          });
          return { ok: true };
        }),
      },
    });
    await new Runtime(probe, { cloud: 'local' }).http(input('GET', '/f'));
    expect(seen).toBe(200);
  });

  it('rejects an unknown function name with a TypeError naming it', async () => {
    await expect(runtime.http(input('GET', '/x'), {}, 'nope')).rejects.toThrow(
      'No HTTP function named "nope"',
    );
  });
});

describe('the deadline margin', () => {
  afterEach(() => jest.useRealTimers());

  const hanging = defineApp({
    service: 'rt',
    functions: {
      f: http({ method: 'GET', route: '/f' }, (_req, ctx) => new Promise(() => void ctx.deadline)),
    },
  });

  async function answeredAt(
    options: { deadlineMarginMs?: number },
    budgetMs: number,
  ): Promise<number | undefined> {
    jest.useFakeTimers({ now: 1_000_000 });
    const deadline = Date.now() + budgetMs;
    let status: number | undefined;
    const pending = new Runtime(hanging, { cloud: 'local', ...options })
      .http(input('GET', '/f'), { deadline })
      .then((out) => (status = out.status));
    for (let elapsed = 0; elapsed <= budgetMs && status === undefined; elapsed += 10) {
      await jest.advanceTimersByTimeAsync(10);
      if (status !== undefined) return elapsed + 10;
    }
    await pending;
    return undefined;
  }

  it('answers an overrun before the platform deadline, leaving the margin to respond and flush', async () => {
    // Fake clock: elapsed is simulated time, not a measurement.
    expect(await answeredAt({ deadlineMarginMs: 250 }, 10_000)).toBe(9_750);
  });

  it('takes at most a tenth of a short invocation', async () => {
    expect(await answeredAt({}, 500)).toBe(450);
  });

  it('leaves ctx.deadline at the platform deadline', async () => {
    const deadline = Date.now() + 10_000;
    let seen = 0;
    const probe = defineApp({
      service: 'rt',
      functions: {
        f: http({ method: 'GET', route: '/f' }, (_req, ctx) => {
          seen = ctx.deadline;
          return {};
        }),
      },
    });
    await new Runtime(probe, { cloud: 'local' }).http(input('GET', '/f'), { deadline });
    expect(seen).toBe(deadline);
  });
});
