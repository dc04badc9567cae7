import { BrokenCircuitError, fallback, type ResilienceEvent } from '@faasade/core/resilience';

describe('fallback', () => {
  it('answers with the value when the operation fails', async () => {
    const policy = fallback('cached');
    const events: ResilienceEvent[] = [];
    policy.onFallback((e) => events.push(e));
    await expect(policy.execute(() => Promise.reject(new Error('down')))).resolves.toBe('cached');
    expect(events).toMatchObject([{ type: 'fallback', policy: 'fallback', error: { message: 'down' } }]);
  });

  it('passes a success through untouched', async () => {
    await expect(fallback('cached').execute(() => 'fresh')).resolves.toBe('fresh');
  });

  it('calls a factory with the error and the context', async () => {
    const policy = fallback(
      (error: unknown, context) => `${(error as Error).message} on attempt ${context.attempt}`,
    );
    await expect(policy.execute(() => Promise.reject(new Error('down')))).resolves.toBe('down on attempt 1');
  });

  it('lets errors that `on` does not match through', async () => {
    const policy = fallback(null, { on: (e) => e instanceof BrokenCircuitError });
    await expect(policy.execute(() => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    await expect(
      policy.execute(() => Promise.reject(new BrokenCircuitError('k', 'open', 1))),
    ).resolves.toBeNull();
  });

  it('surfaces the error of a fallback that fails itself', async () => {
    const policy = fallback(() => Promise.reject(new Error('cache down too')));
    await expect(policy.execute(() => Promise.reject(new Error('down')))).rejects.toThrow('cache down too');
  });
});
