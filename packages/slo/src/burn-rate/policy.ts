import { type AlertWindow, type SloWindow, windowSeconds } from '../constants';

/** Who is woken: a page needs someone now, a ticket can wait for working hours. */
export type Severity = 'page' | 'ticket';

/** One window pair of the multiwindow, multi-burn-rate policy. */
export interface BurnRateWindowPair {
  severity: Severity;
  /** The share of the whole window's error budget that this pair detects being spent. */
  budgetFraction: number;
  /** The window the burn rate is measured over. */
  longWindow: AlertWindow;
  /** The confirming window: the burn must still be going on, so the alert resets soon after a fix. */
  shortWindow: AlertWindow;
}

/** A window pair with its burn-rate threshold for one SLO window. */
export interface BurnRateAlert extends BurnRateWindowPair {
  /** The alert fires when the error ratio exceeds `burnRate × (1 − objective)` over both windows. */
  burnRate: number;
}

/**
 * The four window pairs of the Google SRE workbook ("Alerting on SLOs", table 5-8): page when 2%
 * of the budget burns in 1 hour or 5% in 6 hours, open a ticket when 10% burns in 1 day or in 3
 * days.
 */
export const MULTIWINDOW_POLICY: readonly BurnRateWindowPair[] = [
  { severity: 'page', budgetFraction: 0.02, longWindow: '1h', shortWindow: '5m' },
  { severity: 'page', budgetFraction: 0.05, longWindow: '6h', shortWindow: '30m' },
  { severity: 'ticket', budgetFraction: 0.1, longWindow: '1d', shortWindow: '2h' },
  { severity: 'ticket', budgetFraction: 0.1, longWindow: '3d', shortWindow: '6h' },
];

/**
 * The burn rate that spends `budgetFraction` of the budget of `sloWindow` in `alertWindow`:
 * `budgetFraction × sloWindow / alertWindow`. Over 30 days that is the workbook's 14.4, 6, 3 and
 * 1; over 28 days 13.44, 5.6, 2.8 and 0.9333; over 7 days 3.36, 1.4, 0.7 and 0.2333. Rounded to
 * 4 significant digits, so that every generator writes the same number.
 *
 * @example
 * ```ts
 * import { burnRateThreshold } from '@faasade/slo';
 * burnRateThreshold(0.02, '30d', '1h'); // 14.4
 * ```
 */
export function burnRateThreshold(
  budgetFraction: number,
  sloWindow: SloWindow,
  alertWindow: AlertWindow,
): number {
  const exact = (budgetFraction * windowSeconds(sloWindow)) / windowSeconds(alertWindow);
  return Number(exact.toPrecision(4));
}

/**
 * The four burn-rate alerts of an SLO window, with their thresholds.
 *
 * @example
 * ```ts
 * import { burnRateAlerts } from '@faasade/slo';
 * burnRateAlerts('30d').map((alert) => alert.burnRate); // [14.4, 6, 3, 1]
 * ```
 */
export function burnRateAlerts(sloWindow: SloWindow): BurnRateAlert[] {
  return MULTIWINDOW_POLICY.map((pair) => ({
    ...pair,
    burnRate: burnRateThreshold(pair.budgetFraction, sloWindow, pair.longWindow),
  }));
}
