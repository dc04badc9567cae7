import fc from 'fast-check';
import { constantBackoff, exponentialBackoff, type Jitter } from '@faasade/core/resilience';

const JITTERS: Jitter[] = ['none', 'full', 'equal', 'decorrelated'];

/** Strategy parameters, a retry index far past the point where the cap is reached, and a random source. */
const params = fc.record({
  baseMs: fc.integer({ min: 0, max: 10_000 }),
  capMs: fc.integer({ min: 0, max: 120_000 }),
  n: fc.integer({ min: 0, max: 2_000 }),
  previousMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
  randoms: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
    minLength: 1,
    maxLength: 8,
  }),
});

/** min(cap, base * 2^n), where a base of 0 stays 0 however large 2^n grows. */
function ceiling(baseMs: number, capMs: number, n: number): number {
  return baseMs === 0 ? 0 : Math.min(capMs, baseMs * 2 ** n);
}

function seeded(randoms: number[]): () => number {
  let i = 0;
  return () => randoms[i++ % randoms.length];
}

describe('exponentialBackoff', () => {
  it.each(JITTERS)('keeps every %s-jitter delay within [0, cap]', (jitter) => {
    fc.assert(
      fc.property(params, ({ baseMs, capMs, n, previousMs, randoms }) => {
        const delay = exponentialBackoff({ baseMs, capMs, jitter, random: seeded(randoms) }).delayMs(
          n,
          previousMs,
        );
        return Number.isFinite(delay) && delay >= 0 && delay <= capMs;
      }),
    );
  });

  it('keeps full jitter within [0, min(cap, base * 2^n)]', () => {
    fc.assert(
      fc.property(params, ({ baseMs, capMs, n, randoms }) => {
        const delay = exponentialBackoff({ baseMs, capMs, jitter: 'full', random: seeded(randoms) }).delayMs(
          n,
          0,
        );
        return delay >= 0 && delay <= ceiling(baseMs, capMs, n);
      }),
    );
  });

  it('keeps equal jitter within [ceiling / 2, ceiling]', () => {
    fc.assert(
      fc.property(params, ({ baseMs, capMs, n, randoms }) => {
        const top = ceiling(baseMs, capMs, n);
        const delay = exponentialBackoff({ baseMs, capMs, jitter: 'equal', random: seeded(randoms) }).delayMs(
          n,
          0,
        );
        return delay >= top / 2 && delay <= top;
      }),
    );
  });

  it('keeps decorrelated jitter within [min(base, cap), min(cap, 3 * max(previous, base))]', () => {
    fc.assert(
      fc.property(params, ({ baseMs, capMs, n, previousMs, randoms }) => {
        const delay = exponentialBackoff({
          baseMs,
          capMs,
          jitter: 'decorrelated',
          random: seeded(randoms),
        }).delayMs(n, previousMs);
        return delay >= Math.min(baseMs, capMs) && delay <= Math.min(capMs, 3 * Math.max(previousMs, baseMs));
      }),
    );
  });

  it('doubles the ceiling on each retry until the cap without jitter', () => {
    const backoff = exponentialBackoff({ baseMs: 100, capMs: 1_000, jitter: 'none' });
    expect([0, 1, 2, 3, 4, 5].map((n) => backoff.delayMs(n, 0))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('uses the whole range from 0 to the ceiling with full jitter', () => {
    const low = exponentialBackoff({ baseMs: 100, jitter: 'full', random: () => 0 });
    const high = exponentialBackoff({ baseMs: 100, jitter: 'full', random: () => 0.999_999 });
    expect(low.delayMs(3, 0)).toBe(0);
    expect(high.delayMs(3, 0)).toBeCloseTo(800, 2);
  });

  it('refuses a negative base or cap, and an unknown jitter', () => {
    expect(() => exponentialBackoff({ baseMs: -1 })).toThrow(RangeError);
    expect(() => exponentialBackoff({ capMs: -1 })).toThrow(RangeError);
    expect(() => exponentialBackoff({ jitter: 'half' as Jitter })).toThrow(/Unknown jitter "half"/);
  });
});

describe('constantBackoff', () => {
  it('waits the same time before every retry', () => {
    const backoff = constantBackoff(250);
    expect([0, 1, 10].map((n) => backoff.delayMs(n, 250))).toEqual([250, 250, 250]);
  });
});
