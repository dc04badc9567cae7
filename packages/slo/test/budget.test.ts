import { budgetFromCounts, budgetFromRatios, formatDuration, InvalidBudgetInputError } from '@faasade/slo';

describe('the error budget', () => {
  it('counts the bad events the traffic allows and how many are left', () => {
    const status = budgetFromCounts({
      objective: 0.999,
      window: '30d',
      counts: { total: 1_000_000, bad: 250 },
    });
    expect(status.allowedBad).toBeCloseTo(1000, 6);
    expect(status.remainingBad).toBeCloseTo(750, 6);
    expect(status.remainingFraction).toBeCloseTo(0.75, 10);
  });

  it('gives the time to exhaustion at the burn rate of the recent window', () => {
    const status = budgetFromCounts({
      objective: 0.999,
      window: '30d',
      counts: { total: 1_000_000, bad: 500 },
      burn: { window: '1h', counts: { total: 2_000, bad: 4 } },
    });
    expect(status.burnRate).toBeCloseTo(2, 10);
    // Half the budget left at twice the sustainable pace: a quarter of the window.
    expect(status.secondsToExhaustion).toBeCloseTo(7.5 * 86_400, 3);
    expect(formatDuration(status.secondsToExhaustion)).toBe('7d 12h');
  });

  it("uses the window's average burn rate when no recent window is given", () => {
    const status = budgetFromCounts({ objective: 0.99, window: '7d', counts: { total: 10_000, bad: 50 } });
    expect(status.burnWindow).toBe('7d');
    expect(status.burnRate).toBeCloseTo(0.5, 10);
    expect(status.secondsToExhaustion).toBeCloseTo(7 * 86_400, 3);
  });

  it('reports a spent budget as exhausted now, and a quiet one as never exhausted', () => {
    const spent = budgetFromRatios({ objective: 0.999, window: '30d', windowErrorRatio: 0.002 });
    expect(spent.remainingFraction).toBeCloseTo(-1, 10);
    expect(spent.secondsToExhaustion).toBe(0);
    const quiet = budgetFromRatios({
      objective: 0.999,
      window: '30d',
      windowErrorRatio: 0.0001,
      burnErrorRatio: 0,
      burnWindow: '1h',
    });
    expect(quiet.secondsToExhaustion).toBe(Number.POSITIVE_INFINITY);
    expect(formatDuration(quiet.secondsToExhaustion)).toBe('never');
  });

  it('treats a window without traffic as an untouched budget with no burn rate', () => {
    const status = budgetFromCounts({ objective: 0.999, window: '30d', counts: { total: 0, bad: 0 } });
    expect(status.windowErrorRatio).toBeNull();
    expect(status.remainingFraction).toBe(1);
    expect(status.burnRate).toBeNull();
  });

  it('rejects counts that cannot be right', () => {
    expect(() =>
      budgetFromCounts({ objective: 0.999, window: '30d', counts: { total: 10, bad: 11 } }),
    ).toThrow('the window has more bad events (11) than events in total (10)');
    expect(() =>
      budgetFromCounts({ objective: 0.999, window: '30d', counts: { total: -1, bad: 0 } }),
    ).toThrow(InvalidBudgetInputError);
  });
});

describe('formatting a duration', () => {
  it('shows the largest unit and the next one', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(8 * 60)).toBe('8m');
    expect(formatDuration(3 * 3600 + 20 * 60 + 5)).toBe('3h 20m');
    expect(formatDuration(86_400 + 300)).toBe('1d');
    expect(formatDuration(0)).toBe('0s');
  });
});
