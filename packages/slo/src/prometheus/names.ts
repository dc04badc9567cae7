import type { AlertWindow, SloWindow } from '../constants';
import { pascal } from '../objective/describe';
import type { Severity } from '../burn-rate/policy';
import type { Slo } from '../objective/types';

/** The recorded series, named level:metric:operations as the Prometheus naming practice asks. */
export const RECORDED = {
  errorRatio: (window: AlertWindow | SloWindow) => `slo:sli_error:ratio_rate${window}`,
  badRate5m: 'slo:sli_events_bad:rate5m',
  totalRate5m: 'slo:sli_events_total:rate5m',
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  errorBudgetRemaining: 'slo:error_budget_remaining:ratio',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
} as const;

/** The window whose burn rate `slo:current_burn_rate:ratio` reports: long enough not to flap, short enough to be current. */
export const CURRENT_BURN_WINDOW: AlertWindow = '1h';

/** `CreateOrderAvailabilityFastBurn` (pages) and `CreateOrderAvailabilitySlowBurn` (opens a ticket). */
export function alertName(slo: Slo, severity: Severity): string {
  return `${pascal(slo.id)}${severity === 'page' ? 'FastBurn' : 'SlowBurn'}`;
}
