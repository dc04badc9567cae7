import {
  bulkhead,
  circuitBreaker,
  constantBackoff,
  consecutive,
  type ExecuteContext,
  fallback,
  pipeline,
  RetryDeadlineError,
  retry,
  timeout,
} from '@faasade/core/resilience';
import { InMemoryStateStore } from '@faasade/core/state';
import { FakeClock } from './support/fake-clock';
import { fakeInvocation } from './support/invocation';

const unavailable = () => Object.assign(new Error('Service Unavailable'), { status: 503 });

describe('pipeline', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock();
  });

  it('runs policies outermost first: retry asks the breaker each attempt, the fallback catches what is left', async () => {
    const events: string[] = [];
    const outer = fallback('served from cache');
    const retries = retry({ maxAttempts: 5, backoff: constantBackoff(1), ...clock.options });
    const breaker = circuitBreaker({
      key: 'pipeline-order',
      store: new InMemoryStateStore({ clock: clock.now }),
      breaker: consecutive(2),
      clock: clock.now,
    });
    outer.onFallback((e) => events.push(`fallback after ${(e.error as Error).name}`));
    retries.onRetry((e) => events.push(`retry ${e.attempt}`));
    retries.onFailure((e) => events.push(`retry gives up: ${e.reason}`));
    breaker.onBreak(() => events.push('break'));
    breaker.onReject(() => events.push('reject'));
    let calls = 0;
    const result = await pipeline(outer, retries, breaker).execute(() => {
      calls++;
      throw unavailable();
    });
    expect(result).toBe('served from cache');
    expect(calls).toBe(2);
    expect(events).toEqual([
      'retry 1',
      'break',
      'retry 2',
      'reject',
      'retry gives up: notRetryable',
      'fallback after BrokenCircuitError',
    ]);
  });

  it('hands the attempt and the innermost signal through every layer to the operation', async () => {
    const seen: ExecuteContext[] = [];
    const policy = pipeline(
      retry({ maxAttempts: 3, backoff: constantBackoff(1), ...clock.options }),
      circuitBreaker({ key: 'pipeline-context', store: new InMemoryStateStore(), breaker: consecutive(10) }),
      bulkhead({ limit: 1 }),
      timeout(60_000),
    );
    await policy.execute((context) => {
      seen.push(context);
      if (context.attempt < 3) throw unavailable();
      return 'ok';
    });
    expect(seen.map((c) => c.attempt)).toEqual([1, 2, 3]);
    // The timeout's own signal and bound reach the operation.
    expect(seen.every((c) => c.signal instanceof AbortSignal && !c.signal.aborted)).toBe(true);
    expect(seen.every((c) => c.deadline !== undefined)).toBe(true);
  });

  it('lets a total timeout bound the retries inside it: no sleep past its bound', async () => {
    let calls = 0;
    const policy = pipeline(timeout(1_000), retry({ backoff: constantBackoff(2_000), safetyMarginMs: 0 }));
    const error = await policy
      .execute(() => {
        calls++;
        throw unavailable();
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryDeadlineError);
    expect(calls).toBe(1);
  });

  it('retries an attempt that a per-attempt timeout cut short', async () => {
    const attempts: number[] = [];
    const policy = pipeline(
      retry({ maxAttempts: 2, backoff: constantBackoff(0) }),
      timeout(10, { strategy: 'aggressive' }),
    );
    const result = await policy.execute(({ attempt }) => {
      attempts.push(attempt);
      return attempt === 1 ? new Promise<string>(() => {}) : 'second attempt';
    });
    expect(result).toBe('second attempt');
    expect(attempts).toEqual([1, 2]);
  });

  it("starts from the invocation's deadline and signal when run inside one", async () => {
    const deadline = Date.now() + 5_000;
    const invocation = fakeInvocation(deadline);
    const seen = await invocation.run(() => pipeline(bulkhead({ limit: 1 })).execute((context) => context));
    expect(seen.deadline).toBe(deadline);
    expect(seen.signal).toBe(invocation.controller.signal);
  });

  it('nests: a pipeline is a policy', async () => {
    const inner = pipeline(retry({ maxAttempts: 2, backoff: constantBackoff(0) }));
    const outer = pipeline(fallback(-1), inner);
    await expect(outer.execute(() => Promise.reject(unavailable()))).resolves.toBe(-1);
  });

  it('refuses to compose nothing', () => {
    expect(() => pipeline()).toThrow(/at least one policy/);
  });
});
