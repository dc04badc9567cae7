import { constantBackoff, retry, retryBudget } from '@faasade/core/resilience';

const outage = () => Object.assign(new Error('Service Unavailable'), { status: 503 });
const timedOut = () => Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });

/**
 * N callers share one retry budget while the dependency fails every call; each caller would
 * make up to `maxAttempts` attempts. Returns how many attempts reached the dependency.
 */
async function simulateOutage(callers: number, maxAttempts: number, error: () => Error, capacity = 500) {
  const budget = retryBudget({ capacity, retryCost: 5, timeoutCost: 10 });
  let attempts = 0;
  const policy = retry({ maxAttempts, budget, backoff: constantBackoff(1), sleep: () => Promise.resolve() });
  await Promise.allSettled(
    Array.from({ length: callers }, () =>
      policy.execute(async () => {
        attempts++;
        throw error();
      }),
    ),
  );
  return { attempts, budget };
}

describe('retryBudget', () => {
  it('bounds a full outage to N + floor(capacity / retryCost) attempts, whatever maxAttempts is', async () => {
    const callers = 1_000;
    const { attempts, budget } = await simulateOutage(callers, 5, outage);
    expect(attempts).toBeLessThanOrEqual(callers + Math.floor(500 / 5));
    // Without the budget the outage would see callers * maxAttempts = 5 000 attempts.
    expect(attempts).toBe(1_100);
    expect(budget.available).toBe(0);
  });

  it('holds the same bound when the callers are few and retry a lot', async () => {
    const { attempts } = await simulateOutage(10, 1_000, outage);
    expect(attempts).toBe(10 + 100);
  });

  it('charges timeouts double, so a timing-out outage gets half the retries', async () => {
    const { attempts } = await simulateOutage(1_000, 5, timedOut);
    expect(attempts).toBe(1_000 + Math.floor(500 / 10));
  });

  it('refills only through successes, never above capacity', () => {
    const budget = retryBudget({ capacity: 10, retryCost: 5 });
    expect([budget.acquire('retry'), budget.acquire('retry'), budget.acquire('retry')]).toEqual([5, 5, 0]);
    budget.recordSuccess(0);
    expect(budget.available).toBe(1);
    budget.recordSuccess(5);
    budget.recordSuccess(5);
    expect(budget.available).toBe(10);
  });

  it('refuses costs of 0 and negative capacities', () => {
    expect(() => retryBudget({ retryCost: 0 })).toThrow(/retryCost and timeoutCost > 0/);
    expect(() => retryBudget({ capacity: -1 })).toThrow(/capacity must be a finite number >= 0/);
  });
});
