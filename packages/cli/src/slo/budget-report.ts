import { type BudgetStatus, type CountedBudgetStatus, formatDuration } from '@faasade/slo';

const percent = (share: number) => `${Number((share * 100).toPrecision(4))}%`;
const amount = (value: number) => String(Number(value.toFixed(2)));

function exhaustion(status: BudgetStatus): string {
  if (status.remainingFraction <= 0) return 'now: the budget is spent, the objective is missed';
  if (status.burnRate === null) return 'unknown: no traffic to measure a burn rate';
  if (status.secondsToExhaustion === Number.POSITIVE_INFINITY)
    return 'never at the current burn rate (nothing is failing)';
  const over = status.burnWindow === status.window ? `the ${status.window} average` : 'the current';
  return `in ${formatDuration(status.secondsToExhaustion)} at ${over} burn rate`;
}

function burn(status: BudgetStatus, counted?: CountedBudgetStatus): string {
  if (status.burnRate === null) return 'no traffic';
  const source =
    status.burnWindow === status.window ? `${status.window} average` : `over the last ${status.burnWindow}`;
  const events = counted?.burnCounts
    ? ` (${amount(counted.burnCounts.bad)} bad of ${amount(counted.burnCounts.total)})`
    : '';
  return `${Number(status.burnRate.toPrecision(4))}x ${source}${events}`;
}

const rows = (entries: [string, string][]) =>
  entries.map(([key, value]) => `${key.padEnd(14)}${value}\n`).join('');

/** The budget from event counts, as a small table. */
export function countedReport(status: CountedBudgetStatus): string {
  return rows([
    ['SLO', `${percent(status.objective)} over ${status.window}`],
    [
      'error budget',
      `${percent(status.budgetRatio)} of events: ${amount(status.allowedBad)} of ${amount(status.counts.total)} may be bad`,
    ],
    ['spent', `${amount(status.counts.bad)} bad events, ${percent(status.spentFraction)} of the budget`],
    ['left', `${amount(status.remainingBad)} bad events, ${percent(status.remainingFraction)} of the budget`],
    ['burn rate', burn(status, status)],
    ['exhaustion', exhaustion(status)],
  ]);
}

/** The budget of one series read from Prometheus, under a heading naming it. */
export function seriesReport(heading: string, status: BudgetStatus): string {
  const body = rows([
    ['SLO', `${percent(status.objective)} over ${status.window}`],
    [
      'spent',
      `${percent(status.spentFraction)} of the budget (error ratio ${status.windowErrorRatio === null ? 'unknown' : percent(status.windowErrorRatio)})`,
    ],
    ['left', `${percent(status.remainingFraction)} of the budget`],
    ['burn rate', burn(status)],
    ['exhaustion', exhaustion(status)],
  ]);
  return `${heading}\n${body.replace(/^(?=.)/gm, '  ')}`;
}

/** A status as JSON-friendly data: an infinite time to exhaustion becomes `null`. */
export function statusJson(status: BudgetStatus, extra: Record<string, unknown> = {}) {
  const finite = Number.isFinite(status.secondsToExhaustion);
  return {
    ...extra,
    ...status,
    secondsToExhaustion: finite ? status.secondsToExhaustion : null,
    exhaustion: exhaustion(status),
  };
}
