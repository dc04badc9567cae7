import {
  type ConsecutiveCounts,
  consecutive,
  type SamplingCounts,
  samplingRatio,
} from '@faasade/core/resilience';

const T = Date.UTC(2030, 0, 1);

describe('consecutive(n) counts', () => {
  const strategy = consecutive(3);

  it('lets a success written late erase only the failures before it', () => {
    const stored: ConsecutiveCounts = { s: 0, f: [T, T + 20, T + 30] };
    const lateSuccess: ConsecutiveCounts = { s: T + 10, f: [] };
    expect(strategy.merge(stored, lateSuccess, T + 40, 0)).toEqual({ s: T + 10, f: [T + 20, T + 30] });
  });

  it('counts a failure and a success of the same instant as a failure', () => {
    expect(strategy.merge({ s: 0, f: [T] }, { s: T, f: [] }, T, 0).f).toEqual([T]);
  });

  it('ignores failures from before the circuit last changed state', () => {
    expect(strategy.merge({ s: 0, f: [] }, { s: 0, f: [T - 5, T + 5] }, T + 10, T).f).toEqual([T + 5]);
  });

  it('keeps only the latest n failures and opens at n', () => {
    const merged = strategy.merge({ s: 0, f: [T, T + 1] }, { s: 0, f: [T + 2, T + 3] }, T + 4, 0);
    expect(merged.f).toEqual([T + 1, T + 2, T + 3]);
    expect(strategy.shouldOpen(merged, T + 4)).toBe(true);
  });

  it('leaves its inputs untouched', () => {
    const stored: ConsecutiveCounts = { s: 0, f: [T] };
    strategy.merge(stored, { s: 0, f: [T + 1] }, T + 2, 0);
    expect(stored).toEqual({ s: 0, f: [T] });
  });
});

describe('samplingRatio counts', () => {
  const strategy = samplingRatio({ threshold: 0.5, windowMs: 10_000, minThroughput: 4, buckets: 10 });

  it('adds two instances’ counts bucket by bucket, the buckets aligned on the epoch', () => {
    const a: SamplingCounts = strategy.empty();
    const b: SamplingCounts = strategy.empty();
    strategy.recordSuccess(a, T + 100);
    strategy.recordFailure(a, T + 1_100);
    strategy.recordFailure(b, T + 999);
    strategy.recordSuccess(b, T + 1_500);
    const merged = strategy.merge(strategy.merge(strategy.empty(), a, T + 2_000, 0), b, T + 2_000, 0);
    expect(merged.b).toEqual([
      [T, 1, 1],
      [T + 1_000, 1, 1],
    ]);
    expect(strategy.shouldOpen(merged, T + 2_000)).toBe(true);
  });

  it('drops buckets that slid out of the window', () => {
    const old: SamplingCounts = { b: [[T, 0, 10]] };
    expect(strategy.merge(old, strategy.empty(), T + 10_000, 0).b).toEqual([]);
    expect(strategy.shouldOpen(old, T + 10_000)).toBe(false);
  });

  it('needs minThroughput calls before the ratio counts', () => {
    expect(strategy.shouldOpen({ b: [[T, 0, 3]] }, T)).toBe(false);
    expect(strategy.shouldOpen({ b: [[T, 1, 3]] }, T)).toBe(true);
  });

  it('refuses a threshold outside (0, 1]', () => {
    expect(() => samplingRatio({ threshold: 0, windowMs: 1_000 })).toThrow(/threshold must be in \(0, 1\]/);
    expect(() => samplingRatio({ threshold: 1.5, windowMs: 1_000 })).toThrow(RangeError);
  });
});
