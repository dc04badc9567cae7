import { PROMETHEUS_METRICS } from '../constants';
import type { Severity } from '../burn-rate/policy';
import { judgedFunctions } from '../objective/define';
import type { Slo, SloSet } from '../objective/types';
import { alertName, RECORDED } from './names';
import { formatNumber } from '../objective/numbers';
import { alertAnnotations } from './rules';
import { type Deployment, type Phase, type Scenario, scenariosFor } from './scenarios';

interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

/** One test group of a promtool unit-test file. */
export interface PromtoolTest {
  name: string;
  interval: string;
  input_series: { series: string; values: string }[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: ExpectedAlert[] }[];
  promql_expr_test: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

/** A promtool unit-test file (`promtool test rules <file>`), as data. */
export interface PromtoolTestFile {
  rule_files: string[];
  evaluation_interval: string;
  tests: PromtoolTest[];
}

/** Cumulative counter samples, one a minute from 0, in promtool's expanding notation (`a+bxn`). */
function counterValues(phases: Phase[], perMinute: (phase: Phase) => number): string {
  const segments = ['0'];
  let total = 0;
  for (const phase of phases) {
    const step = Number(perMinute(phase).toPrecision(9));
    segments.push(`${formatNumber(total + step)}+${formatNumber(step)}x${phase.minutes - 1}`);
    total += step * phase.minutes;
  }
  return segments.join(' ');
}

function inputSeries(
  set: SloSet,
  slo: Slo,
  fn: string,
  deployment: Deployment,
): PromtoolTest['input_series'] {
  const { phases } = deployment;
  const labels = `${set.labels.function}="${fn}",${set.labels.cloud}="${deployment.cloud}"`;
  const total = counterValues(phases, (phase) => phase.eventsPerMinute);
  const bad = (phase: Phase) => phase.eventsPerMinute * phase.errorRatio;
  if (slo.sli.kind === 'latency') {
    return [
      { series: `${PROMETHEUS_METRICS.durationCount}{${labels}}`, values: total },
      {
        series: `${PROMETHEUS_METRICS.durationBucket}{${labels},le="${slo.sli.thresholdSeconds}"}`,
        values: counterValues(phases, (phase) => phase.eventsPerMinute - bad(phase)),
      },
    ];
  }
  const badMetric = slo.sli.kind === 'coldStarts' ? PROMETHEUS_METRICS.coldStarts : PROMETHEUS_METRICS.errors;
  return [
    { series: `${PROMETHEUS_METRICS.invocations}{${labels}}`, values: total },
    { series: `${badMetric}{${labels}}`, values: counterValues(phases, bad) },
  ];
}

function alertChecks(set: SloSet, slo: Slo, fn: string, scenario: Scenario): PromtoolTest['alert_rule_test'] {
  const expected = (severity: Severity, cloud: string): ExpectedAlert => {
    const values: Record<string, string> = { [set.labels.function]: fn, [set.labels.cloud]: cloud };
    return {
      exp_labels: { severity, slo: slo.id, service: slo.service, ...values },
      exp_annotations: alertAnnotations(set, slo, severity, (name) => values[name] ?? ''),
    };
  };
  return scenario.checks.flatMap((check) =>
    (['page', 'ticket'] as const).flatMap((severity) => {
      const clouds = check.firing[severity];
      if (clouds === undefined) return [];
      return [
        {
          eval_time: `${check.minute}m`,
          alertname: alertName(slo, severity),
          exp_alerts: clouds.map((cloud) => expected(severity, cloud)),
        },
      ];
    }),
  );
}

function seriesChecks(
  set: SloSet,
  slo: Slo,
  fn: string,
  scenario: Scenario,
): PromtoolTest['promql_expr_test'] {
  const evalTime = `${scenario.seriesCheck.minute}m`;
  const selector = `{slo="${slo.id}"}`;
  const { expected } = scenario.seriesCheck;
  if (expected === null) {
    // No traffic must give no sample at all: a NaN ratio would be a sample, and could fire.
    const names = [
      RECORDED.errorRatio('5m'),
      RECORDED.errorRatio(slo.window),
      RECORDED.errorBudgetRemaining,
      RECORDED.currentBurnRate,
    ];
    return names.map((name) => ({ expr: `${name}${selector}`, eval_time: evalTime, exp_samples: [] }));
  }
  const near = (name: string, pick: (e: NonNullable<typeof expected>[number]) => number) =>
    expected.map((each) => {
      const value = pick(each);
      // Within 5% (or 0.02): how Prometheus extrapolates 5-minute rates at a phase boundary blurs the figure a little.
      const tolerance = Math.max(0.02, Math.abs(value) * 0.05);
      const cloud = `${set.labels.cloud}="${each.cloud}"`;
      return {
        expr: `abs(${name}{slo="${slo.id}",${cloud}} - (${formatNumber(value)})) < bool ${formatNumber(tolerance)}`,
        eval_time: evalTime,
        exp_samples: [{ labels: `{${cloud},${set.labels.function}="${fn}",slo="${slo.id}"}`, value: 1 }],
      };
    });
  return [
    ...near(RECORDED.errorBudgetRemaining, (each) => each.budgetRemaining),
    ...near(RECORDED.currentBurnRate, (each) => each.currentBurnRate),
  ];
}

/** The function whose synthetic series a test uses: the SLO's own, or for `'*'` one it judges. */
function testFunction(set: SloSet, slo: Slo): string {
  return judgedFunctions(set, slo)[0] ?? 'unlistedFunction';
}

/**
 * promtool unit tests for one SLO, over synthetic series: a fast burn pages within minutes, a
 * slow burn opens a ticket and never pages, a healthy service fires nothing (the three side by
 * side on three clouds, so an alert is proven to be for its cloud only), and a service without
 * traffic fires nothing and records no ratio (no NaN).
 *
 * @param ruleFile the rule file with the SLO's rules, relative to the test file.
 * @example
 * ```ts
 * import { availability, defineSlos, promtoolTests } from '@faasade/slo';
 * const set = defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * promtoolTests(set, set.slos[0], 'get-order-availability.rules.yml').tests.length; // 2
 * ```
 */
export function promtoolTests(set: SloSet, slo: Slo, ruleFile: string): PromtoolTestFile {
  const fn = testFunction(set, slo);
  return {
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: scenariosFor(slo).map((scenario) => ({
      name: scenario.name,
      interval: '1m',
      input_series: scenario.deployments.flatMap((deployment) => inputSeries(set, slo, fn, deployment)),
      alert_rule_test: alertChecks(set, slo, fn, scenario),
      promql_expr_test: seriesChecks(set, slo, fn, scenario),
    })),
  };
}
