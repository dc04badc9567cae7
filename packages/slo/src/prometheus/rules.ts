import { ALERT_WINDOWS, type AlertWindow } from '../constants';
import { type BurnRateAlert, burnRateAlerts, type Severity } from '../burn-rate/policy';
import { formatPercent, sliTitle, sloTitle } from '../objective/describe';
import type { Slo, SloSet } from '../objective/types';
import { alertName, CURRENT_BURN_WINDOW, RECORDED } from './names';
import { errorBudget, formatNumber } from '../objective/numbers';
import { sliQueries } from './queries';

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: (RecordingRule | AlertingRule)[];
}

/** A Prometheus rule file, as data. */
export interface PrometheusRuleFile {
  groups: RuleGroup[];
}

function recordingRules(set: SloSet, slo: Slo): RecordingRule[] {
  const queries = sliQueries(set, slo);
  const labels = { slo: slo.id };
  const budget = formatNumber(errorBudget(slo.objective));
  const windowRatio = RECORDED.errorRatio(slo.window);
  const selector = `{slo="${slo.id}"}`;
  return [
    ...ALERT_WINDOWS.map((window) => ({
      record: RECORDED.errorRatio(window),
      expr: queries.errorRatio(window),
      labels,
    })),
    { record: RECORDED.badRate5m, expr: queries.badRate('5m'), labels },
    { record: RECORDED.totalRate5m, expr: queries.totalRate('5m'), labels },
    {
      // Over the whole window, from the 5-minute rates: traffic-weighted, and cheap to evaluate every minute.
      record: windowRatio,
      expr:
        `sum_over_time(${RECORDED.badRate5m}${selector}[${slo.window}])` +
        ` / (sum_over_time(${RECORDED.totalRate5m}${selector}[${slo.window}]) > 0)`,
      labels,
    },
    {
      record: RECORDED.objective,
      expr: `vector(${formatNumber(slo.objective)})`,
      labels: { ...labels, sli: slo.sli.kind, window: slo.window },
    },
    { record: RECORDED.errorBudget, expr: `vector(${budget})`, labels: { ...labels, window: slo.window } },
    { record: RECORDED.errorBudgetRemaining, expr: `1 - ${windowRatio}${selector} / ${budget}`, labels },
    {
      record: RECORDED.currentBurnRate,
      expr: `${RECORDED.errorRatio(CURRENT_BURN_WINDOW)}${selector} / ${budget}`,
      labels,
    },
    { record: RECORDED.periodBurnRate, expr: `${windowRatio}${selector} / ${budget}`, labels },
  ];
}

function pairCondition(slo: Slo, alert: BurnRateAlert): string {
  const threshold = `(${formatNumber(alert.burnRate)} * ${formatNumber(errorBudget(slo.objective))})`;
  const ratio = (window: AlertWindow) => `${RECORDED.errorRatio(window)}{slo="${slo.id}"} > ${threshold}`;
  return `(\n  ${ratio(alert.longWindow)}\nand\n  ${ratio(alert.shortWindow)}\n)`;
}

function describePairs(slo: Slo, pairs: BurnRateAlert[]): string {
  const budget = errorBudget(slo.objective);
  return pairs
    .map(
      (pair) =>
        `over ${pair.longWindow} and ${pair.shortWindow} the error ratio is above ${formatNumber(pair.burnRate)}x ` +
        `the budget (${formatPercent(pair.burnRate * budget)}), a pace that spends ${formatPercent(pair.budgetFraction)} ` +
        `of the ${slo.window} budget in ${pair.longWindow}`,
    )
    .join('; or ');
}

/**
 * The annotations of an alert. `label` says how to write a label's value: a Go template in the
 * rule, the actual value in a promtool test's expectations.
 */
export function alertAnnotations(
  set: SloSet,
  slo: Slo,
  severity: Severity,
  label: (name: string) => string,
): Record<string, string> {
  const pairs = burnRateAlerts(slo.window).filter((pair) => pair.severity === severity);
  const fn = label(set.labels.function);
  const pace = severity === 'page' ? 'fast' : 'steadily';
  return {
    summary: `${fn} on ${label(set.labels.cloud)}: ${sliTitle(slo.sli)} ${formatPercent(slo.objective)} over ${slo.window} is burning its error budget ${pace}`,
    description: `${sloTitle(slo)} (${slo.description}): ${describePairs(slo, pairs)}.`,
    function: fn,
    runbook_url: slo.runbookUrl,
  };
}

function alertingRule(set: SloSet, slo: Slo, severity: Severity): AlertingRule {
  const pairs = burnRateAlerts(slo.window).filter((pair) => pair.severity === severity);
  return {
    alert: alertName(slo, severity),
    expr: pairs.map((pair) => pairCondition(slo, pair)).join('\nor\n'),
    labels: { severity, slo: slo.id, service: slo.service },
    annotations: alertAnnotations(set, slo, severity, (name) => `{{ $labels.${name} }}`),
  };
}

/**
 * The Prometheus rule group of one SLO: the error ratio over every burn-rate window and the
 * whole window, the objective, the error budget left and the burn rate as series, and the two
 * multiwindow burn-rate alerts (page and ticket).
 *
 * @example
 * ```ts
 * import { availability, defineSlos, prometheusRuleGroup } from '@faasade/slo';
 * const set = defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * prometheusRuleGroup(set, set.slos[0]).name; // 'slo-get-order-availability'
 * ```
 */
export function prometheusRuleGroup(set: SloSet, slo: Slo): RuleGroup {
  return {
    name: `slo-${slo.id}`,
    rules: [...recordingRules(set, slo), alertingRule(set, slo, 'page'), alertingRule(set, slo, 'ticket')],
  };
}

/**
 * The Prometheus rules of every SLO of a set, one group each, as one rule file.
 *
 * @example
 * ```ts
 * import { availability, defineSlos, prometheusRules } from '@faasade/slo';
 * const set = defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * prometheusRules(set).groups.length; // 1
 * ```
 */
export function prometheusRules(set: SloSet): PrometheusRuleFile {
  return { groups: set.slos.map((slo) => prometheusRuleGroup(set, slo)) };
}
