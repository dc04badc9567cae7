import {
  constantBackoff,
  exponentialBackoff,
  type ResilienceEvent,
  RetryDeadlineError,
  retry,
  retryBudget,
} from '@faasade/core/resilience';
import { FakeClock } from './support/fake-clock';
import { fakeInvocation } from './support/invocation';

const unavailable = () => Object.assign(new Error('Service Unavailable'), { status: 503 });
const notFound = () => Object.assign(new Error('Not Found'), { status: 404 });

/** An operation that fails with `failures` errors in turn, then returns 'ok'; it records its attempts. */
function flaky(failures: Array<() => unknown>) {
  const attempts: number[] = [];
  const fn = async ({ attempt }: { attempt: number }) => {
    attempts.push(attempt);
    const next = failures[attempts.length - 1];
    if (next !== undefined) throw next();
    return 'ok';
  };
  return { fn, attempts };
}

describe('retry', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock();
  });

  it('retries transient errors with the backoff between attempts, and numbers the attempts', async () => {
    const { fn, attempts } = flaky([unavailable, unavailable]);
    const policy = retry({
      maxAttempts: 3,
      backoff: exponentialBackoff({ baseMs: 100, jitter: 'none' }),
      ...clock.options,
    });
    await expect(policy.execute(fn)).resolves.toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it('waits a random delay up to the ceiling with the default full jitter', async () => {
    const { fn } = flaky([unavailable, unavailable, unavailable]);
    await retry({ maxAttempts: 4, ...clock.options }).execute(fn);
    expect(clock.sleeps).toHaveLength(3);
    clock.sleeps.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(100 * 2 ** n);
    });
  });

  it('does not retry a client error: the 404 surfaces after one attempt', async () => {
    const { fn, attempts } = flaky([notFound]);
    await expect(retry({ ...clock.options }).execute(fn)).rejects.toMatchObject({ status: 404 });
    expect(attempts).toEqual([1]);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up after maxAttempts with the last error and says why', async () => {
    const { fn, attempts } = flaky([unavailable, unavailable, unavailable, unavailable]);
    const policy = retry({ maxAttempts: 3, ...clock.options });
    const failures: ResilienceEvent[] = [];
    policy.onFailure((e) => failures.push(e));
    await expect(policy.execute(fn)).rejects.toThrow('Service Unavailable');
    expect(attempts).toEqual([1, 2, 3]);
    expect(failures).toMatchObject([{ type: 'failure', policy: 'retry', attempt: 3, reason: 'exhausted' }]);
  });

  it('waits at least what Retry-After asks, even when the backoff is shorter', async () => {
    const throttled = () => new Response(null, { status: 429, headers: { 'Retry-After': '3' } });
    const { fn } = flaky([throttled]);
    await retry({ backoff: constantBackoff(10), ...clock.options }).execute(fn);
    expect(clock.sleeps).toEqual([3_000]);
  });

  it('retries a returned 503 Response, and returns the last one when it gives up', async () => {
    let calls = 0;
    const policy = retry({ maxAttempts: 2, backoff: constantBackoff(5), ...clock.options });
    const response = await policy.execute(() => {
      calls++;
      return new Response('busy', { status: 503 });
    });
    expect(calls).toBe(2);
    expect(response.status).toBe(503);
  });

  it('takes a custom classifier, and retryOnResult: false turns result retries off', async () => {
    const { fn, attempts } = flaky([() => new Error('custom transient')]);
    await retry({ retryOn: (e) => (e as Error).message.startsWith('custom'), ...clock.options }).execute(fn);
    expect(attempts).toEqual([1, 2]);
    let calls = 0;
    await retry({ retryOnResult: false, ...clock.options }).execute(() => {
      calls++;
      return new Response(null, { status: 503 });
    });
    expect(calls).toBe(1);
  });

  it('emits onRetry before each retry with the error and the sleep, until disposed', async () => {
    const { fn } = flaky([unavailable, unavailable]);
    const policy = retry({ backoff: constantBackoff(50), ...clock.options });
    const seen: Array<[number, number | undefined]> = [];
    const listener = policy.onRetry((e) => seen.push([e.attempt, e.delayMs]));
    await policy.execute(fn);
    expect(seen).toEqual([
      [1, 50],
      [2, 50],
    ]);
    listener.dispose();
    await policy.execute(flaky([unavailable]).fn);
    expect(seen).toHaveLength(2);
  });

  describe('deadline', () => {
    it('with 1 s left and a 2 s backoff due, makes no attempt after the deadline', async () => {
      const { fn, attempts } = flaky([unavailable, unavailable]);
      const deadline = clock.now() + 1_000;
      const policy = retry({ maxAttempts: 5, backoff: constantBackoff(2_000), deadline, ...clock.options });
      const error = await policy.execute(fn).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryDeadlineError);
      expect((error as RetryDeadlineError).message).toMatch(/would sleep past the deadline/);
      expect((error as RetryDeadlineError).cause).toMatchObject({ status: 503 });
      expect(attempts).toEqual([1]);
      expect(clock.sleeps).toEqual([]);
      expect(clock.now()).toBeLessThan(deadline);
    });

    it("uses the invocation's deadline when none is given", async () => {
      const { fn, attempts } = flaky([unavailable, unavailable]);
      const invocation = fakeInvocation(clock.now() + 1_000);
      const policy = retry({ backoff: constantBackoff(2_000), ...clock.options });
      await expect(invocation.run(() => policy.execute(fn))).rejects.toBeInstanceOf(RetryDeadlineError);
      expect(attempts).toEqual([1]);
    });

    it('keeps the safety margin free: an attempt that could start only inside it is not made', async () => {
      const { fn, attempts } = flaky([unavailable, unavailable]);
      const policy = retry({
        backoff: constantBackoff(1_000),
        deadline: clock.now() + 1_200,
        safetyMarginMs: 250,
        ...clock.options,
      });
      await expect(policy.execute(fn)).rejects.toBeInstanceOf(RetryDeadlineError);
      expect(attempts).toEqual([1]);
    });

    it('retries while the next attempt can still start in time', async () => {
      const { fn, attempts } = flaky([unavailable, unavailable]);
      const policy = retry({
        backoff: constantBackoff(300),
        deadline: clock.now() + 1_000,
        safetyMarginMs: 100,
        ...clock.options,
      });
      await expect(policy.execute(fn)).resolves.toBe('ok');
      expect(attempts).toEqual([1, 2, 3]);
    });
  });

  describe('cancellation', () => {
    it('stops sleeping and retrying when the signal aborts', async () => {
      const controller = new AbortController();
      const { fn, attempts } = flaky([unavailable, unavailable]);
      const waitForAbort = (_ms: number, signal: AbortSignal) =>
        new Promise<void>((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener('abort', () => reject(signal.reason));
        });
      const policy = retry({ sleep: waitForAbort });
      policy.onRetry(() => controller.abort(new Error('caller gave up')));
      await expect(policy.execute(fn, controller.signal)).rejects.toThrow('caller gave up');
      expect(attempts).toEqual([1]);
    });

    it("stops on the invocation's signal", async () => {
      const invocation = fakeInvocation(clock.now() + 60_000);
      invocation.controller.abort(new Error('deadline reached'));
      const { fn, attempts } = flaky([]);
      await expect(invocation.run(() => retry({ ...clock.options }).execute(fn))).rejects.toThrow(
        'deadline reached',
      );
      expect(attempts).toEqual([]);
    });

    it('hands the operation a signal that aborts with the policy signal', async () => {
      const controller = new AbortController();
      const seen = await retry({ signal: controller.signal, ...clock.options }).execute(({ signal }) => {
        controller.abort(new Error('stop'));
        return signal.aborted;
      });
      expect(seen).toBe(true);
    });
  });

  describe('budget', () => {
    it('surfaces the failure at once when the budget cannot pay for a retry', async () => {
      const budget = retryBudget({ capacity: 5, retryCost: 5 });
      const failures: ResilienceEvent[] = [];
      const policy = retry({ maxAttempts: 5, budget, ...clock.options });
      policy.onFailure((e) => failures.push(e));
      const first = flaky([unavailable, unavailable, unavailable]);
      await expect(policy.execute(first.fn)).rejects.toThrow('Service Unavailable');
      expect(first.attempts).toEqual([1, 2]);
      expect(failures.map((e) => e.reason)).toEqual(['budget']);
      expect(budget.available).toBe(0);
    });

    it('gives back the retry cost on success after a retry, and 1 on a first-time success', async () => {
      const budget = retryBudget({ capacity: 500 });
      const policy = retry({ budget, ...clock.options });
      await policy.execute(flaky([unavailable]).fn);
      expect(budget.available).toBe(500);
      const timeoutBudget = retryBudget({ capacity: 20, timeoutCost: 10 });
      const timedOut = () => Object.assign(new Error('slow'), { code: 'ETIMEDOUT' });
      await retry({ budget: timeoutBudget, maxAttempts: 2, ...clock.options })
        .execute(flaky([timedOut, timedOut]).fn)
        .catch(() => {});
      expect(timeoutBudget.available).toBe(10);
      await retry({ budget: timeoutBudget, ...clock.options }).execute(flaky([]).fn);
      expect(timeoutBudget.available).toBe(11);
    });
  });

  it('refuses maxAttempts below 1', () => {
    expect(() => retry({ maxAttempts: 0 })).toThrow(/maxAttempts must be an integer >= 1/);
  });
});
