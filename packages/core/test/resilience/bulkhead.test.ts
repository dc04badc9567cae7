import { BulkheadRejectedError, bulkhead, type ResilienceEvent } from '@faasade/core/resilience';

/** A promise the test settles by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('bulkhead', () => {
  it('runs up to limit calls at once, queues up to queue more, and rejects the rest', async () => {
    const policy = bulkhead({ limit: 2, queue: 1 });
    const rejections: ResilienceEvent[] = [];
    policy.onReject((e) => rejections.push(e));
    const gate = deferred();
    let running = 0;
    let most = 0;
    const work = async () => {
      running++;
      most = Math.max(most, running);
      await gate.promise;
      running--;
      return 'done';
    };
    const calls = [1, 2, 3, 4].map(() => policy.execute(work));
    const fourth = await calls[3].catch((e: unknown) => e);
    expect(fourth).toBeInstanceOf(BulkheadRejectedError);
    expect((fourth as Error).message).toMatch(/2 running, 1 queued/);
    expect([policy.executionSlots, policy.queueSlots]).toEqual([0, 0]);
    gate.resolve();
    await expect(Promise.all(calls.slice(0, 3))).resolves.toEqual(['done', 'done', 'done']);
    expect(most).toBe(2);
    expect(rejections).toMatchObject([{ type: 'reject', policy: 'bulkhead' }]);
    expect([policy.executionSlots, policy.queueSlots]).toEqual([2, 1]);
  });

  it('admits queued calls first come, first served', async () => {
    const policy = bulkhead({ limit: 1, queue: 3 });
    const order: number[] = [];
    const gate = deferred();
    const first = policy.execute(() => gate.promise);
    const queued = [1, 2, 3].map((n) => policy.execute(() => order.push(n)));
    gate.resolve();
    await Promise.all([first, ...queued]);
    expect(order).toEqual([1, 2, 3]);
  });

  it('lets a queued call whose signal aborts leave the queue without taking a slot', async () => {
    const policy = bulkhead({ limit: 1, queue: 1 });
    const gate = deferred();
    const running = policy.execute(() => gate.promise);
    const controller = new AbortController();
    const queued = policy.execute(() => 'never', controller.signal).catch((e: unknown) => e);
    controller.abort(new Error('gave up waiting'));
    expect(await queued).toMatchObject({ message: 'gave up waiting' });
    expect(policy.queueSlots).toBe(1);
    gate.resolve();
    await running;
    expect(policy.executionSlots).toBe(1);
  });

  it('frees the slot when the call fails', async () => {
    const policy = bulkhead({ limit: 1 });
    await expect(policy.execute(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(policy.execute(() => 'next')).resolves.toBe('next');
  });

  it('refuses a limit below 1 and a negative queue', () => {
    expect(() => bulkhead({ limit: 0 })).toThrow(/limit must be an integer >= 1/);
    expect(() => bulkhead({ limit: 1, queue: -1 })).toThrow(/queue must be an integer >= 0/);
  });
});
