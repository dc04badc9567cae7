import { burnRateAlerts, burnRateThreshold, MULTIWINDOW_POLICY } from '@faasade/slo';

describe('the multiwindow, multi-burn-rate policy', () => {
  it('pages at 14.4 (1h, confirmed over 5m) and 6 (6h, over 30m) and tickets at 3 (1d, over 2h) and 1 (3d, over 6h) over 30 days', () => {
    expect(
      burnRateAlerts('30d').map(({ severity, longWindow, shortWindow, burnRate }) => [
        severity,
        longWindow,
        shortWindow,
        burnRate,
      ]),
    ).toEqual([
      ['page', '1h', '5m', 14.4],
      ['page', '6h', '30m', 6],
      ['ticket', '1d', '2h', 3],
      ['ticket', '3d', '6h', 1],
    ]);
  });

  it('spends the same share of the budget in each alert window when the SLO window is shorter', () => {
    expect(burnRateAlerts('28d').map((alert) => alert.burnRate)).toEqual([13.44, 5.6, 2.8, 0.9333]);
    expect(burnRateAlerts('7d').map((alert) => alert.burnRate)).toEqual([3.36, 1.4, 0.7, 0.2333]);
  });

  it('computes a threshold as budget fraction × SLO window / alert window', () => {
    for (const pair of MULTIWINDOW_POLICY) {
      expect(burnRateThreshold(pair.budgetFraction, '30d', pair.longWindow)).toBeCloseTo(
        (pair.budgetFraction * 30 * 24) / { '1h': 1, '6h': 6, '1d': 24, '3d': 72 }[pair.longWindow as '1h'],
        10,
      );
    }
  });
});
