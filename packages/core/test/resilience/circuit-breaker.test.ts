import {
  BrokenCircuitError,
  type CircuitBreakerOptions,
  circuitBreaker,
  consecutive,
  exponentialBackoff,
  type ResilienceEvent,
  samplingRatio,
} from '@faasade/core/resilience';
import { InMemoryStateStore } from '@faasade/core/state';
import { CountingStore } from './support/counting-store';
import { FakeClock } from './support/fake-clock';
import { fakeInvocation } from './support/invocation';

const down = () => Promise.reject(Object.assign(new Error('Service Unavailable'), { status: 503 }));
const ok = () => 'ok';

/** Lets background work on the in-memory store (promises only) finish. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Runs `fn` through the breaker and says what happened, without throwing. */
async function outcome(breaker: { execute(fn: () => unknown): Promise<unknown> }, fn: () => unknown) {
  try {
    await breaker.execute(fn);
    return 'ran';
  } catch (error) {
    return error instanceof BrokenCircuitError ? `rejected:${error.state}` : 'failed';
  }
}

describe('circuitBreaker', () => {
  let clock: FakeClock;
  let store: CountingStore;
  const make = (options: Partial<CircuitBreakerOptions> = {}) =>
    circuitBreaker({
      key: 'dep',
      store,
      breaker: consecutive(3),
      halfOpenAfter: 10_000,
      clock: clock.now,
      ...options,
    });

  beforeEach(() => {
    clock = new FakeClock();
    store = new CountingStore(new InMemoryStateStore({ clock: clock.now }));
  });

  describe('consecutive failures', () => {
    it('opens after n failures in a row and then rejects without calling the dependency', async () => {
      const breaker = make();
      for (let i = 0; i < 3; i++) expect(await outcome(breaker, down)).toBe('failed');
      expect(breaker.state).toBe('open');
      let called = false;
      const error = await breaker.execute(() => (called = true)).catch((e: unknown) => e);
      expect(called).toBe(false);
      expect(error).toBeInstanceOf(BrokenCircuitError);
      expect(error).toMatchObject({ key: 'dep', state: 'open', retryAfterMs: 10_000 });
    });

    it('starts counting again after a success', async () => {
      const breaker = make();
      const results = [];
      for (const fn of [down, down, ok, down, down, ok]) results.push(await outcome(breaker, fn));
      expect(results).toEqual(['failed', 'failed', 'ran', 'failed', 'failed', 'ran']);
      expect(breaker.state).toBe('closed');
    });

    it('does not count client errors, cancellations or rejections by inner policies', async () => {
      const breaker = make();
      const notFound = () => Promise.reject(Object.assign(new Error('Not Found'), { status: 404 }));
      const aborted = () => Promise.reject(new DOMException('stop', 'AbortError'));
      for (const fn of [notFound, notFound, aborted, notFound]) await outcome(breaker, fn);
      expect(breaker.state).toBe('closed');
    });

    it('counts what a custom isFailure says, and a returned 503 Response', async () => {
      const custom = make({ key: 'custom', isFailure: (e) => (e as Error).message === 'counts' });
      for (let i = 0; i < 3; i++) await outcome(custom, () => Promise.reject(new Error('counts')));
      expect(custom.state).toBe('open');
      const responses = make({ key: 'responses' });
      for (let i = 0; i < 3; i++) await responses.execute(() => new Response(null, { status: 503 }));
      expect(responses.state).toBe('open');
    });
  });

  describe('half-open', () => {
    it('lets one trial through after halfOpenAfter; its success closes the circuit', async () => {
      const breaker = make();
      const events: string[] = [];
      for (const on of [breaker.onBreak, breaker.onHalfOpen, breaker.onReset]) on((e) => events.push(e.type));
      for (let i = 0; i < 3; i++) await outcome(breaker, down);
      clock.advance(9_999);
      expect(await outcome(breaker, ok)).toBe('rejected:open');
      clock.advance(1);
      expect(await outcome(breaker, ok)).toBe('ran');
      expect(breaker.state).toBe('closed');
      expect(events).toEqual(['break', 'halfOpen', 'reset']);
    });

    it("reopens when the trial fails, for the next of halfOpenAfter's backoff", async () => {
      const breaker = make({
        halfOpenAfter: exponentialBackoff({ baseMs: 1_000, capMs: 60_000, jitter: 'none' }),
      });
      const opens: Array<number | undefined> = [];
      breaker.onBreak((e) => opens.push(e.delayMs));
      for (let i = 0; i < 3; i++) await outcome(breaker, down);
      clock.advance(1_000);
      expect(await outcome(breaker, down)).toBe('failed');
      clock.advance(2_000);
      expect(await outcome(breaker, down)).toBe('failed');
      expect(opens).toEqual([1_000, 2_000, 4_000]);
      expect(breaker.state).toBe('open');
    });

    it('runs at most halfOpenMaxCalls trials at once and rejects the others as half-open', async () => {
      const breaker = make({ halfOpenMaxCalls: 2 });
      for (let i = 0; i < 3; i++) await outcome(breaker, down);
      clock.advance(10_000);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let running = 0;
      let most = 0;
      const slowTrial = async () => {
        running++;
        most = Math.max(most, running);
        await gate;
        running--;
        return 'ok';
      };
      const calls = Array.from({ length: 6 }, () => outcome(breaker, slowTrial));
      // Every call has been admitted or refused before the trials are let go.
      await new Promise((resolve) => setImmediate(resolve));
      release();
      expect((await Promise.all(calls)).sort()).toEqual([
        'ran',
        'ran',
        ...Array(4).fill('rejected:halfOpen'),
      ]);
      expect(most).toBe(2);
    });

    it("frees a crashed prober's slot when its lease lapses", async () => {
      const crashed = make({ leaseTtlMs: 5_000, cacheTtlMs: 0 });
      const other = make({ leaseTtlMs: 5_000, cacheTtlMs: 0 });
      for (let i = 0; i < 3; i++) await outcome(crashed, down);
      clock.advance(10_000);
      void crashed.execute(() => new Promise(() => {})); // never settles: the instance froze mid-trial
      await new Promise((resolve) => setImmediate(resolve));
      expect(await outcome(other, ok)).toBe('rejected:halfOpen');
      clock.advance(5_000);
      expect(await outcome(other, ok)).toBe('ran');
      expect(other.state).toBe('closed');
    });

    it("ends a trial's lease at the invocation's deadline when that comes first", async () => {
      const breaker = make({ leaseTtlMs: 60_000, cacheTtlMs: 0 });
      for (let i = 0; i < 3; i++) await outcome(breaker, down);
      clock.advance(10_000);
      const invocation = fakeInvocation(clock.now() + 2_000);
      void invocation.run(() => breaker.execute(() => new Promise(() => {})));
      await new Promise((resolve) => setImmediate(resolve));
      expect(breaker.toJSON().leases).toEqual([{ id: expect.any(String), until: clock.now() + 2_000 }]);
    });
  });

  describe('sharing through the store', () => {
    it('makes no store round trip for healthy calls while the cached state is fresh', async () => {
      const breaker = make({ cacheTtlMs: 1_000 });
      await breaker.execute(ok); // the first call reads the store
      const before = store.calls;
      for (let i = 0; i < 1_000; i++) await breaker.execute(ok);
      expect(store.calls).toBe(before);
    });

    it('refreshes in the background once half the TTL has passed, without making the call wait', async () => {
      const breaker = make({ cacheTtlMs: 1_000 });
      await breaker.execute(ok);
      clock.advance(600);
      const gets = store.gets;
      await breaker.execute(ok);
      await settled();
      expect(store.gets).toBe(gets + 1);
      expect(store.puts).toBe(0);
    });

    it('learns within the cache TTL that another instance opened the circuit', async () => {
      const a = make({ cacheTtlMs: 1_000 });
      const b = make({ cacheTtlMs: 1_000 });
      await b.execute(ok);
      for (let i = 0; i < 3; i++) await outcome(a, down);
      expect(a.state).toBe('open');
      const seen: ResilienceEvent[] = [];
      b.onBreak((e) => seen.push(e));
      clock.advance(999);
      await b.sync();
      expect(await outcome(b, ok)).toBe('rejected:open');
      expect(seen).toMatchObject([{ type: 'break', origin: 'store', name: 'dep' }]);
    });

    it('never trusts a cached state older than the TTL', async () => {
      const a = make({ cacheTtlMs: 1_000 });
      const b = make({ cacheTtlMs: 1_000 });
      await b.execute(ok);
      for (let i = 0; i < 3; i++) await outcome(a, down);
      clock.advance(1_000);
      expect(await outcome(b, ok)).toBe('rejected:open');
    });

    it('adds up failures from instances writing at the same time: no count is lost', async () => {
      const instances = Array.from({ length: 4 }, () =>
        make({ breaker: consecutive(1_000), cacheTtlMs: 60_000 }),
      );
      await Promise.all(
        instances.flatMap((breaker) =>
          Array.from({ length: 25 }, async () => {
            clock.advance(1);
            await outcome(breaker, down);
          }),
        ),
      );
      const reader = make({ breaker: consecutive(1_000), cacheTtlMs: 0 });
      await reader.sync();
      expect((reader.toJSON().counts as { f: number[] }).f).toHaveLength(100);
    });

    it('ends a run of failures for every instance once a success is written', async () => {
      const a = make({ cacheTtlMs: 60_000 });
      const b = make({ cacheTtlMs: 60_000 });
      await outcome(a, down);
      clock.advance(10);
      await a.execute(ok); // ends the run the store holds: written in the background at once
      await a.sync();
      for (let i = 0; i < 2; i++) {
        clock.advance(10);
        await outcome(b, down);
      }
      expect(b.state).toBe('closed'); // two failures since the success, not three in a row
      clock.advance(10);
      await outcome(b, down);
      expect(b.state).toBe('open');
    });

    it('writes nothing for successes while there are no failures to end', async () => {
      const breaker = make({ cacheTtlMs: 100 });
      for (let i = 0; i < 50; i++) {
        await breaker.execute(ok);
        clock.advance(60);
      }
      await settled();
      expect(store.gets).toBeGreaterThan(10);
      expect(store.puts).toBe(0);
    });
  });

  describe('when the store is unreachable', () => {
    it('keeps deciding on its own, then writes the counts it kept once the store answers', async () => {
      const breaker = make({ cacheTtlMs: 1_000 });
      await breaker.execute(ok);
      store.failing = new Error('ECONNREFUSED');
      expect(await outcome(breaker, ok)).toBe('ran');
      for (let i = 0; i < 3; i++) await outcome(breaker, down);
      expect(breaker.state).toBe('open');
      store.failing = undefined;
      await breaker.sync(); // an explicit sync tries the store at once, without waiting out the TTL
      const reader = make({ cacheTtlMs: 0 });
      await reader.sync();
      expect(reader.state).toBe('open');
    });

    it('treats a store that does not answer within storeTimeoutMs as unreachable', async () => {
      const hanging = new CountingStore(new InMemoryStateStore());
      hanging.get = () => new Promise(() => {});
      const breaker = circuitBreaker({
        key: 'hang',
        store: hanging,
        breaker: consecutive(3),
        storeTimeoutMs: 20,
      });
      const failures: ResilienceEvent[] = [];
      breaker.onFailure((e) => failures.push(e));
      await expect(breaker.execute(ok)).resolves.toBe('ok');
      expect(failures).toMatchObject([
        { reason: 'store', error: { message: expect.stringMatching(/within 20 ms/) } },
      ]);
    });
  });

  describe('serialised state', () => {
    it('restores an open circuit from toJSON() as initialState', async () => {
      const breaker = make();
      for (let i = 0; i < 3; i++) await outcome(breaker, down);
      const saved = JSON.parse(JSON.stringify(breaker));
      const restored = circuitBreaker({
        key: 'dep',
        store: new InMemoryStateStore({ clock: clock.now }),
        breaker: consecutive(3),
        clock: clock.now,
        initialState: saved,
      });
      expect(saved).toMatchObject({ state: 'open', kind: 'consecutive', opens: 1 });
      expect(await outcome(restored, ok)).toBe('rejected:open');
    });
  });

  describe('samplingRatio', () => {
    const sampling = () => samplingRatio({ threshold: 0.5, windowMs: 10_000, minThroughput: 10 });

    it('opens when the failure ratio reaches the threshold over at least minThroughput calls', async () => {
      const breaker = make({ breaker: sampling() });
      for (let i = 0; i < 5; i++) await outcome(breaker, ok);
      for (let i = 0; i < 4; i++) await outcome(breaker, down);
      expect(breaker.state).toBe('closed'); // 9 calls: below minThroughput
      await outcome(breaker, down);
      expect(breaker.state).toBe('open'); // 5 of 10 failed
    });

    it('forgets calls that slid out of the window', async () => {
      const breaker = make({ breaker: sampling() });
      for (let i = 0; i < 9; i++) await outcome(breaker, down);
      clock.advance(11_000);
      for (let i = 0; i < 9; i++) await outcome(breaker, ok);
      await outcome(breaker, down);
      expect(breaker.state).toBe('closed'); // 1 of 10 in the window failed
    });
  });

  describe('inside an invocation', () => {
    it('logs and measures state changes and rejections with the breaker key', async () => {
      const invocation = fakeInvocation(clock.now() + 60_000);
      const breaker = make({ key: 'payments' });
      await invocation.run(async () => {
        for (let i = 0; i < 3; i++) await outcome(breaker, down);
        await outcome(breaker, ok);
        clock.advance(10_000);
        await outcome(breaker, ok);
      });
      expect(invocation.metrics.filter((m) => m.name === 'resilience.circuit.state')).toEqual([
        { kind: 'gauge', name: 'resilience.circuit.state', value: 2, attributes: { key: 'payments' } },
        { kind: 'gauge', name: 'resilience.circuit.state', value: 1, attributes: { key: 'payments' } },
        { kind: 'gauge', name: 'resilience.circuit.state', value: 0, attributes: { key: 'payments' } },
      ]);
      expect(invocation.metrics.filter((m) => m.name === 'resilience.rejections')).toHaveLength(1);
      expect(invocation.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
        'warn circuitBreaker "payments": circuit open',
        'debug circuitBreaker "payments": call rejected',
        'info circuitBreaker "payments": circuit half-open',
        'info circuitBreaker "payments": circuit closed',
      ]);
    });
  });

  it('refuses an empty key and halfOpenMaxCalls below 1', () => {
    expect(() => make({ key: '' })).toThrow(/non-empty key/);
    expect(() => make({ halfOpenMaxCalls: 0 })).toThrow(/halfOpenMaxCalls must be an integer >= 1/);
  });
});
