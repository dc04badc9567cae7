import { type ResilienceEvent, TimeoutError, timeout } from '@faasade/core/resilience';
import { fakeInvocation } from './support/invocation';

/** Resolves when the signal aborts, the way an operation that honours its signal stops. */
function stopsOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
}

describe('timeout', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('aborts the signal it hands the operation at the bound and rejects with TimeoutError (cooperative)', async () => {
    const policy = timeout(100);
    const timeouts: ResilienceEvent[] = [];
    policy.onTimeout((e) => timeouts.push(e));
    let seen: AbortSignal | undefined;
    const outcome = policy.execute(({ signal }) => {
      seen = signal;
      return stopsOnAbort(signal);
    });
    const caught = outcome.catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(99);
    expect(seen?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    const error = await caught;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, byDeadline: false });
    expect(seen?.aborted).toBe(true);
    expect(timeouts).toMatchObject([{ type: 'timeout', policy: 'timeout', delayMs: 100 }]);
  });

  it('wraps what a cooperative operation throws after the abort as the cause of the TimeoutError', async () => {
    const outcome = timeout(50)
      .execute(async ({ signal }) => {
        await stopsOnAbort(signal).catch(() => {});
        throw new Error('request aborted');
      })
      .catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(50);
    const error = (await outcome) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error.cause as Error).message).toBe('request aborted');
  });

  it('returns the value of a cooperative operation that ignores the signal and finishes late', async () => {
    const outcome = timeout(50).execute(
      () => new Promise((resolve) => setTimeout(resolve, 80, 'late but done')),
    );
    await jest.advanceTimersByTimeAsync(80);
    await expect(outcome).resolves.toBe('late but done');
  });

  it('rejects at the bound in aggressive mode even when the operation ignores the signal', async () => {
    let finished = false;
    const outcome = timeout(50, { strategy: 'aggressive' })
      .execute(
        () =>
          new Promise((_, reject) =>
            setTimeout(() => {
              finished = true;
              reject(new Error('too late to matter'));
            }, 500),
          ),
      )
      .catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(50);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(finished).toBe(false);
    // The abandoned operation's rejection is handled: advancing past it raises nothing.
    await jest.advanceTimersByTimeAsync(500);
    expect(finished).toBe(true);
  });

  it("never runs past the invocation's deadline, and hands that deadline to the operation", async () => {
    const invocation = fakeInvocation(Date.now() + 30);
    let deadline: number | undefined;
    const outcome = invocation
      .run(() =>
        timeout(1_000).execute((context) => {
          deadline = context.deadline;
          return stopsOnAbort(context.signal);
        }),
      )
      .catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(30);
    expect(await outcome).toMatchObject({ name: 'TimeoutError', timeoutMs: 30, byDeadline: true });
    expect(deadline).toBe(Date.now());
    expect(invocation.metrics).toMatchObject([{ kind: 'counter', name: 'resilience.timeouts', value: 1 }]);
    expect(invocation.lines.map((l) => l.level)).toEqual(['warn']);
  });

  it('fails at once, without starting the operation, when the deadline has already passed', async () => {
    const invocation = fakeInvocation(Date.now() - 1);
    let started = false;
    const error = await invocation
      .run(() => timeout(1_000).execute(() => (started = true)))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError', byDeadline: true });
    expect(started).toBe(false);
  });

  it("passes the caller's abort through as it is, not as a timeout", async () => {
    const controller = new AbortController();
    const outcome = timeout(1_000)
      .execute(({ signal }) => stopsOnAbort(signal), controller.signal)
      .catch((e: unknown) => e);
    controller.abort(new Error('caller left'));
    expect(await outcome).toMatchObject({ message: 'caller left' });
  });

  it('leaves no timer behind when the operation finishes in time', async () => {
    await expect(timeout(1_000).execute(() => 'quick')).resolves.toBe('quick');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('refuses a bound of 0 or less', () => {
    expect(() => timeout(0)).toThrow(/timeout needs a bound > 0 ms/);
  });
});
