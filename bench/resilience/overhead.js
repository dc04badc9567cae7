// Success-path overhead per call: what a healthy call pays for retry + circuit breaker, against a
// direct call, cockatiel's wrap(retry, circuitBreaker) and opossum's fire().
const path = require('node:path');

const dist = path.join(__dirname, '../../packages/core/dist');
const faasade = require(path.join(dist, 'resilience'));
const { InMemoryStateStore } = require(path.join(dist, 'state'));
const cockatiel = require('cockatiel');
const Opossum = require('opossum');

const operation = async () => 42;

/** Each variant: a name and a function that makes one protected call. */
function variants(redisStore) {
  const faasadeMemory = faasade.pipeline(
    faasade.retry({ maxAttempts: 3 }),
    faasade.circuitBreaker({
      key: `bench-memory-${process.pid}`,
      store: new InMemoryStateStore(),
      breaker: faasade.consecutive(5),
      halfOpenAfter: 10_000,
    }),
  );
  const faasadeRedis = faasade.pipeline(
    faasade.retry({ maxAttempts: 3 }),
    faasade.circuitBreaker({
      key: `bench-redis-${process.pid}`,
      store: redisStore,
      breaker: faasade.consecutive(5),
      halfOpenAfter: 10_000,
    }),
  );
  const faasadeBreaker = faasade.circuitBreaker({
    key: `bench-breaker-${process.pid}`,
    store: new InMemoryStateStore(),
    breaker: faasade.consecutive(5),
  });
  const faasadeRetry = faasade.retry({ maxAttempts: 3 });
  const cockatielWrap = cockatiel.wrap(
    cockatiel.retry(cockatiel.handleAll, { maxAttempts: 3, backoff: new cockatiel.ExponentialBackoff() }),
    cockatiel.circuitBreaker(cockatiel.handleAll, {
      halfOpenAfter: 10_000,
      breaker: new cockatiel.ConsecutiveBreaker(5),
    }),
  );
  const opossum = new Opossum(operation);
  return {
    variants: [
      ['direct call', () => operation()],
      ['faasade pipeline(retry, circuitBreaker), in-memory store', () => faasadeMemory.execute(operation)],
      [
        'faasade pipeline(retry, circuitBreaker), Redis store + local cache',
        () => faasadeRedis.execute(operation),
      ],
      ['faasade circuitBreaker alone, in-memory store', () => faasadeBreaker.execute(operation)],
      ['faasade retry alone', () => faasadeRetry.execute(operation)],
      ['cockatiel wrap(retry, circuitBreaker)', () => cockatielWrap.execute(operation)],
      ['opossum fire() (default options)', () => opossum.fire()],
    ],
    close: () => opossum.shutdown(),
  };
}

async function time(call, calls) {
  // Calls that resolve in microtasks never let the event loop turn; let it turn before each run,
  // so that the timers, I/O and finalizers the previous variant left behind are not charged to this one.
  await new Promise((resolve) => setImmediate(resolve));
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call();
  return Number(process.hrtime.bigint() - start) / calls;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Runs every variant `runs` times, interleaved and in a rotating order so that a slow moment of
 * a shared machine hits all of them alike, and returns the median ns per call of each.
 */
async function measureOverhead({ redisStore, runs = 15, calls = 50_000 }) {
  const { variants: list, close } = variants(redisStore);
  for (const [, call] of list) await time(call, 20_000); // warm up the JIT and the caches
  const samples = list.map(() => []);
  for (let run = 0; run < runs; run++) {
    for (let k = 0; k < list.length; k++) {
      const i = (run + k) % list.length;
      samples[i].push(await time(list[i][1], calls));
    }
  }
  close();
  return list.map(([name], i) => ({ name, nsPerCall: median(samples[i]) }));
}

module.exports = { measureOverhead };
