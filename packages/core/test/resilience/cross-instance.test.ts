import type { CircuitSnapshot, SamplingCounts } from '@faasade/core/resilience';
import { Dependency } from './support/dependency';
import { type SharedStore, sharedDynalite, sharedRedis } from './support/shared-stores';
import { WorkerPool } from './support/worker-pool';

/**
 * Eight worker processes, each a function instance with its own store client, share one
 * circuit through one real store and hammer one failing dependency.
 */

const WORKERS = 8;
const LOOPS_PER_WORKER = 4;
const HALF_OPEN_MAX_CALLS = 2;

interface HammerResult {
  stats: { ok: number; failed: number; rejected: number };
  state: string;
  events: Array<{ type: string; origin: string; at: number }>;
  /** Store calls that failed or timed out: the breaker went on alone, so the test would prove nothing. */
  storeErrors: string[];
}

/** Two cores run eight workers, the store and this test: give the store time to answer. */
const STORE_TIMEOUT_MS = 5_000;

describe.each([
  ['Redis', sharedRedis],
  ['DynamoDB (dynalite)', sharedDynalite],
])(
  'a circuit shared by %i worker processes through %s'.replace('%i', String(WORKERS)),
  (_name, startStore) => {
    let store: SharedStore;
    let pool: WorkerPool;
    let dependency: Dependency;

    const snapshot = async (key: string) =>
      (await store.reader.get<CircuitSnapshot>(`faasade:circuit:${key}`))?.value;

    beforeAll(async () => {
      [store, pool, dependency] = await Promise.all([
        startStore(),
        WorkerPool.start(WORKERS),
        Dependency.start(),
      ]);
      await pool.all('store', store.config);
    }, 60_000);

    afterAll(async () => {
      await pool?.stop();
      await dependency?.stop();
      await store?.close();
    });

    it('loses no count: the store adds up every success and failure of every instance', async () => {
      dependency.mode = 'alternate';
      dependency.holdMs = 1;
      // A ratio no traffic here can reach: the circuit stays closed and only counts.
      const strategy = { kind: 'samplingRatio', threshold: 1, windowMs: 600_000, minThroughput: 1e9 };
      await pool.all('breaker', {
        name: 'counts',
        strategy,
        cacheTtlMs: 200,
        storeTimeoutMs: STORE_TIMEOUT_MS,
      });
      const results = await pool.all<HammerResult>('hammer', {
        name: 'counts',
        url: dependency.url,
        concurrency: LOOPS_PER_WORKER,
        calls: 60,
      });
      const ok = results.reduce((sum, r) => sum + r.stats.ok, 0);
      const failed = results.reduce((sum, r) => sum + r.stats.failed, 0);
      expect(results.flatMap((r) => r.storeErrors)).toEqual([]);
      expect(ok + failed).toBe(WORKERS * 60);
      const stored = await snapshot('counts');
      expect(stored).toBeDefined();
      const buckets = (stored!.counts as SamplingCounts).b;
      expect(buckets.reduce((sum, [, s]) => sum + s, 0)).toBe(ok);
      expect(buckets.reduce((sum, [, , f]) => sum + f, 0)).toBe(failed);
    }, 60_000);

    it(`opens, then runs exactly ${HALF_OPEN_MAX_CALLS} half-open probes at a time across all instances, then closes`, async () => {
      dependency.mode = 'fail';
      dependency.holdMs = 150;
      await pool.all('breaker', {
        name: 'probes',
        strategy: { kind: 'consecutive', threshold: 5 },
        halfOpenAfter: 1_000,
        halfOpenMaxCalls: HALF_OPEN_MAX_CALLS,
        cacheTtlMs: 100,
        leaseTtlMs: 10_000,
      });
      const failing = await pool.all<HammerResult>('hammer', {
        name: 'probes',
        url: dependency.url,
        concurrency: LOOPS_PER_WORKER,
        durationMs: 3_600,
      });

      expect(failing.flatMap((r) => r.storeErrors)).toEqual([]);
      const events = failing.flatMap((r) => r.events);
      const firstProbe = Math.min(
        ...events.filter((e) => e.type === 'halfOpen' && e.origin === 'local').map((e) => e.at),
      );
      expect(events.some((e) => e.type === 'break' && e.origin === 'local')).toBe(true);
      expect(failing.every((r) => r.stats.rejected > 0)).toBe(true);
      // Every call that reached the dependency after the first probe began was a probe.
      expect(dependency.maxConcurrentSince(firstProbe)).toBe(HALF_OPEN_MAX_CALLS);
      const probes = dependency.countSince(firstProbe);
      expect(probes).toBeGreaterThanOrEqual(HALF_OPEN_MAX_CALLS * 2);
      // Each probe took a lease and gave it back: no release was lost to a concurrent write.
      expect((await snapshot('probes'))?.leases).toEqual([]);
      expect(failing.every((r) => r.state === 'open' || r.state === 'halfOpen')).toBe(true);

      dependency.mode = 'ok';
      const recovered = await pool.all<HammerResult>('hammer', {
        name: 'probes',
        url: dependency.url,
        concurrency: LOOPS_PER_WORKER,
        durationMs: 2_500,
      });
      expect(recovered.flatMap((r) => r.storeErrors)).toEqual([]);
      expect(recovered.map((r) => r.state)).toEqual(Array(WORKERS).fill('closed'));
      expect(recovered.every((r) => r.stats.ok > 0)).toBe(true);
      expect(
        recovered.flatMap((r) => r.events).filter((e) => e.type === 'reset' && e.origin === 'local'),
      ).toHaveLength(1);
      expect(await snapshot('probes')).toMatchObject({ state: 'closed', leases: [] });
    }, 60_000);
  },
);
