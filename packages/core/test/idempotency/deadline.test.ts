import { idempotent, IdempotencyInProgressError } from '@faasade/core/idempotency';
import { InMemoryStateStore } from '@faasade/core/state';
import { gate, runInvocation } from '../support/invocation';
import { post } from './requests';

const now = () => Date.now();

describe('idempotency and the invocation deadline', () => {
  let clock: number;
  let store: InMemoryStateStore;
  beforeEach(() => {
    clock = now();
    store = new InMemoryStateStore({ clock: () => clock });
  });

  it('lets a duplicate run once the in-progress record reaches the first attempt’s deadline', async () => {
    const started = gate();
    const crashed = gate();
    let calls = 0;
    const handler = idempotent(
      async () => {
        const attempt = ++calls;
        if (attempt === 1) {
          started.open();
          await crashed.wait;
        }
        return { attempt };
      },
      { store },
    );
    const deadline = now() + 5 * 60_000;
    const first = runInvocation((ctx) => handler(post({}), ctx), { deadline });
    await started.wait;
    // Past the default in-progress TTL (60 s) but before the deadline: still in progress.
    clock += 2 * 60_000;
    await expect(runInvocation((ctx) => handler(post({}), ctx))).rejects.toThrow(IdempotencyInProgressError);

    clock += 3 * 60_000 + 1_000;
    expect(await runInvocation((ctx) => handler(post({}), ctx))).toEqual({ attempt: 2 });

    // The first attempt was only slow: when it finishes it must not overwrite the attempt that took over.
    crashed.open();
    expect(await first).toEqual({ attempt: 1 });
    expect(await runInvocation((ctx) => handler(post({}), ctx))).toEqual({ attempt: 2 });
  });

  it('falls back to inProgressTtl when no invocation deadline is known', async () => {
    const started = gate();
    const crashed = gate();
    let calls = 0;
    const handler = idempotent(
      async () => {
        const attempt = ++calls;
        if (attempt === 1) {
          started.open();
          await crashed.wait;
        }
        return { attempt };
      },
      { store, inProgressTtl: 90_000 },
    );
    // Called outside any invocation, and with a context that carries no deadline.
    const noDeadline = { functionName: 'createOrder' } as Parameters<typeof handler>[1];
    const first = handler(post({}), noDeadline);
    await started.wait;
    clock += 60_000;
    await expect(handler(post({}), noDeadline)).rejects.toThrow(IdempotencyInProgressError);
    clock += 30_000;
    expect(await handler(post({}), noDeadline)).toEqual({ attempt: 2 });
    crashed.open();
    await first;
  });
});
