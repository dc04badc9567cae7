import { type AlertWindow, type SloWindow, windowSeconds } from '../constants';
import { InvalidBudgetInputError } from '../errors';
import { checkObjective } from '../objective/validate';
import { errorBudget } from '../objective/numbers';

/** What the budget calculation needs when the error ratios are already known (as Prometheus records them). */
export interface RatioBudgetInput {
  objective: number;
  window: SloWindow;
  /** The error ratio over the whole window; `null` when there was no traffic. */
  windowErrorRatio: number | null;
  /** The error ratio over the recent window that gives the current burn rate; `null` when there was no traffic. */
  burnErrorRatio?: number | null;
  /** The window of `burnErrorRatio`. Without it, the window's average burn rate stands for the current one. */
  burnWindow?: AlertWindow;
}

/** Where an error budget stands. */
export interface BudgetStatus {
  objective: number;
  window: SloWindow;
  /** `1 − objective`: the share of events allowed to be bad. */
  budgetRatio: number;
  windowErrorRatio: number | null;
  /** Share of the budget spent; above 1 when the objective is already missed. */
  spentFraction: number;
  /** Share of the budget left: `1 − spentFraction`, negative when overspent. */
  remainingFraction: number;
  /** How many times faster than sustainable the budget is burning; `null` without traffic to judge. */
  burnRate: number | null;
  /** The window the burn rate was measured over (the SLO window itself when no burn window was given). */
  burnWindow: AlertWindow | SloWindow;
  /**
   * Seconds until the budget is gone at the current burn rate: `remainingFraction × window / burnRate`
   * (a burn rate of 1 spends the whole budget in exactly one window). 0 when already spent,
   * `Infinity` when nothing is burning.
   */
  secondsToExhaustion: number;
}

function checkRatio(value: number | null | undefined, where: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidBudgetInputError(`${where} must be a ratio between 0 and 1; got ${value}`);
  }
  return value;
}

/**
 * The error budget left and the time to its exhaustion, from error ratios.
 *
 * @example
 * ```ts
 * import { budgetFromRatios } from '@faasade/slo';
 * const status = budgetFromRatios({ objective: 0.999, window: '30d', windowErrorRatio: 0.0005, burnErrorRatio: 0.002, burnWindow: '1h' });
 * status.remainingFraction; // 0.5
 * status.burnRate; // 2
 * status.secondsToExhaustion / 86400; // 7.5 (days)
 * ```
 */
export function budgetFromRatios(input: RatioBudgetInput): BudgetStatus {
  const objective = checkObjective(input.objective, 'objective');
  // Rounded as the rules round it, so that 1 − 0.999 is 0.001 and not 0.0010000000000000009.
  const budgetRatio = errorBudget(objective);
  const windowErrorRatio = checkRatio(input.windowErrorRatio, 'the window error ratio');
  const spentFraction = windowErrorRatio === null ? 0 : windowErrorRatio / budgetRatio;
  const remainingFraction = 1 - spentFraction;
  const burnRatio =
    input.burnWindow === undefined
      ? windowErrorRatio
      : checkRatio(input.burnErrorRatio, 'the burn error ratio');
  const burnRate = burnRatio === null ? null : burnRatio / budgetRatio;
  let secondsToExhaustion: number;
  if (remainingFraction <= 0) secondsToExhaustion = 0;
  else if (burnRate === null || burnRate === 0) secondsToExhaustion = Number.POSITIVE_INFINITY;
  else secondsToExhaustion = (remainingFraction * windowSeconds(input.window)) / burnRate;
  return {
    objective,
    window: input.window,
    budgetRatio,
    windowErrorRatio,
    spentFraction,
    remainingFraction,
    burnRate,
    burnWindow: input.burnWindow ?? input.window,
    secondsToExhaustion,
  };
}

/** Event counts over a window: all events and the bad ones. */
export interface EventCounts {
  total: number;
  bad: number;
}

/** What the budget calculation needs when the events were counted. */
export interface CountBudgetInput {
  objective: number;
  window: SloWindow;
  /** Events over the SLO window so far. */
  counts: EventCounts;
  /** Events over a recent window, for the current burn rate. */
  burn?: { window: AlertWindow; counts: EventCounts };
}

/** A budget status with the events behind it. */
export interface CountedBudgetStatus extends BudgetStatus {
  counts: EventCounts;
  /** Bad events the window's traffic allows: `(1 − objective) × total`. */
  allowedBad: number;
  /** Bad events still allowed before the objective is missed; negative when overspent. */
  remainingBad: number;
  burnCounts?: EventCounts;
}

function ratioOf(counts: EventCounts, where: string): number | null {
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new InvalidBudgetInputError(`${where} ${name} must be a count of 0 or more; got ${value}`);
    }
  }
  if (counts.bad > counts.total) {
    throw new InvalidBudgetInputError(
      `${where} has more bad events (${counts.bad}) than events in total (${counts.total})`,
    );
  }
  return counts.total === 0 ? null : counts.bad / counts.total;
}

/**
 * The error budget left and the time to its exhaustion, from event counts.
 *
 * @example
 * ```ts
 * import { budgetFromCounts } from '@faasade/slo';
 * const status = budgetFromCounts({
 *   objective: 0.999,
 *   window: '30d',
 *   counts: { total: 1_000_000, bad: 250 },
 *   burn: { window: '1h', counts: { total: 2_000, bad: 6 } },
 * });
 * status.remainingBad; // 750
 * status.burnRate; // 3
 * ```
 */
export function budgetFromCounts(input: CountBudgetInput): CountedBudgetStatus {
  const windowErrorRatio = ratioOf(input.counts, 'the window');
  const burnErrorRatio = input.burn === undefined ? undefined : ratioOf(input.burn.counts, 'the burn window');
  const status = budgetFromRatios({
    objective: input.objective,
    window: input.window,
    windowErrorRatio,
    burnErrorRatio,
    burnWindow: input.burn?.window,
  });
  const allowedBad = status.budgetRatio * input.counts.total;
  return {
    ...status,
    counts: input.counts,
    allowedBad,
    remainingBad: allowedBad - input.counts.bad,
    ...(input.burn ? { burnCounts: input.burn.counts } : {}),
  };
}
