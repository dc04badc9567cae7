import { type AlertWindow, OTEL_METRICS, type SloWindow, windowSeconds } from '../constants';
import { type BurnRateAlert, burnRateAlerts } from '../burn-rate/policy';
import { sloTitle } from '../objective/describe';
import type { Slo, SloSet } from '../objective/types';
import { errorBudget, formatNumber } from '../objective/numbers';
import { alertFields } from './common';

/** An ARM `Microsoft.Insights/scheduledQueryRules` resource (a log search alert rule). */
export interface ScheduledQueryRule {
  type: 'Microsoft.Insights/scheduledQueryRules';
  apiVersion: string;
  name: string;
  location: string;
  kind: 'LogAlert';
  properties: {
    displayName: string;
    description: string;
    severity: number;
    enabled: boolean;
    evaluationFrequency: string;
    windowSize: string;
    scopes: string[];
    criteria: {
      allOf: {
        query: string;
        timeAggregation: 'Maximum';
        metricMeasureColumn: string;
        dimensions: { name: string; operator: 'Include'; values: string[] }[];
        operator: 'GreaterThan';
        threshold: number;
        failingPeriods: { numberOfEvaluationPeriods: number; minFailingPeriodsToAlert: number };
      }[];
    };
    autoMitigate: boolean;
    actions: { actionGroups: string; customProperties: Record<string, string> };
  };
}

/** An ARM deployment template with the SLO alert rules; Bicep deploys it as a module. */
export interface AzureAlertTemplate {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, { type: string; defaultValue?: unknown; metadata: { description: string } }>;
  resources: ScheduledQueryRule[];
}

/** Log search alerts cannot look back further than two days. */
const LONGEST_QUERY_SECONDS = 2 * 86_400;

/** `'1h'`, `'2d'`: a span as people write it. */
function span(seconds: number): string {
  return seconds % 86_400 === 0
    ? `${seconds / 86_400}d`
    : seconds % 3_600 === 0
      ? `${seconds / 3_600}h`
      : `${seconds / 60}m`;
}

/** ISO 8601 durations, as ARM wants them. */
function iso(seconds: number): string {
  if (seconds % 86_400 === 0) return `P${seconds / 86_400}D`;
  if (seconds % 3_600 === 0) return `PT${seconds / 3_600}H`;
  return `PT${seconds / 60}M`;
}

/**
 * The window pairs as Azure can run them. The 3-day window is longer than a log search alert
 * may query, so that pair looks back 2 days and keeps its meaning, 10% of the budget, with the
 * threshold recomputed for 2 days: `0.1 × window / 2d` (1.5 over 30 days).
 */
export function azureBurnRateAlerts(window: SloWindow): (BurnRateAlert & { longSeconds: number })[] {
  return burnRateAlerts(window).map((pair) => {
    const longSeconds = windowSeconds(pair.longWindow);
    if (longSeconds <= LONGEST_QUERY_SECONDS) return { ...pair, longSeconds };
    const burnRate = Number(
      ((pair.budgetFraction * windowSeconds(window)) / LONGEST_QUERY_SECONDS).toPrecision(4),
    );
    return { ...pair, longSeconds: LONGEST_QUERY_SECONDS, burnRate };
  });
}

function functionFilter(slo: Slo): string {
  if (slo.function !== '*') return `| where function == '${slo.function}'`;
  if (slo.excludedFunctions.length === 0) return `| where isnotempty(function)`;
  return `| where isnotempty(function) and function !in (${slo.excludedFunctions.map((fn) => `'${fn}'`).join(', ')})`;
}

/** KQL that yields one row per function with `burn_rate`: the lower of the long and short windows' burn rates. */
function query(set: SloSet, slo: Slo, longSeconds: number, short: AlertWindow): string {
  const dimension = `tostring(customDimensions['${set.azure.functionDimension}'])`;
  const long = span(longSeconds);
  const budget = formatNumber(errorBudget(slo.objective));
  const tail = [
    '| where long_total > 0 and short_total > 0',
    `| extend burn_rate = min_of(long_bad / long_total, short_bad / short_total) / ${budget}`,
    '| project function, burn_rate',
  ];
  if (slo.sli.kind === 'latency') {
    // Application Insights keeps no histogram buckets for metrics; the requests table has every invocation's duration (ms).
    const over = `duration > ${formatNumber(slo.sli.thresholdSeconds * 1000)}`;
    return [
      'requests',
      `| where timestamp > ago(${long})`,
      `| extend function = ${dimension}`,
      functionFilter(slo),
      `| summarize long_bad = todouble(countif(${over})), long_total = todouble(count()),`,
      `    short_bad = todouble(countif(${over} and timestamp > ago(${short}))), short_total = todouble(countif(timestamp > ago(${short}))) by function`,
      ...tail,
    ].join('\n');
  }
  const bad = slo.sli.kind === 'coldStarts' ? OTEL_METRICS.coldStarts : OTEL_METRICS.errors;
  return [
    'customMetrics',
    `| where timestamp > ago(${long})`,
    `| where name in ('${bad}', '${OTEL_METRICS.invocations}')`,
    `| extend function = ${dimension}`,
    functionFilter(slo),
    `| summarize long_bad = sumif(valueSum, name == '${bad}'), long_total = sumif(valueSum, name == '${OTEL_METRICS.invocations}'),`,
    `    short_bad = sumif(valueSum, name == '${bad}' and timestamp > ago(${short})), short_total = sumif(valueSum, name == '${OTEL_METRICS.invocations}' and timestamp > ago(${short})) by function`,
    ...tail,
  ].join('\n');
}

function rule(
  set: SloSet,
  slo: Slo,
  pair: ReturnType<typeof azureBurnRateAlerts>[number],
): ScheduledQueryRule {
  const fields = alertFields(slo, slo.function === '*' ? 'every function' : slo.function, pair.severity);
  const windows = `${span(pair.longSeconds)} and ${pair.shortWindow}`;
  return {
    type: 'Microsoft.Insights/scheduledQueryRules',
    apiVersion: '2023-12-01',
    name: `${set.service}-${slo.id}-${pair.severity}-${span(pair.longSeconds)}`,
    location: "[parameters('location')]",
    kind: 'LogAlert',
    properties: {
      displayName: `${set.service} ${sloTitle(slo)}: ${pair.severity === 'page' ? 'fast' : 'slow'} burn over ${windows}`,
      description: `${fields.summary}. ${slo.description}: burn rate above ${formatNumber(pair.burnRate)} over ${windows}.`,
      severity: pair.severity === 'page' ? 1 : 2,
      enabled: true,
      evaluationFrequency: pair.severity === 'page' ? 'PT5M' : 'PT30M',
      windowSize: iso(pair.longSeconds),
      scopes: ["[parameters('applicationInsightsId')]"],
      criteria: {
        allOf: [
          {
            query: query(set, slo, pair.longSeconds, pair.shortWindow),
            timeAggregation: 'Maximum',
            metricMeasureColumn: 'burn_rate',
            // One alert per function, so that '*' pages for the function that burns.
            dimensions: [{ name: 'function', operator: 'Include', values: ['*'] }],
            operator: 'GreaterThan',
            threshold: pair.burnRate,
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
          },
        ],
      },
      autoMitigate: true,
      actions: {
        actionGroups: `[parameters('${pair.severity}ActionGroupIds')]`,
        customProperties: { ...fields, function: slo.function === '*' ? '*' : slo.function },
      },
    },
  };
}

/**
 * Azure Monitor log search alert rules for every SLO of a set, over what the telemetry sends to
 * Application Insights (`customMetrics` for the counters, `requests` for durations): one rule per
 * burn-rate pair, split by function, comparing the lower of the two windows' burn rates with
 * the pair's threshold. An ARM template: deploy it with `az deployment group create`, or from
 * Bicep as a module.
 *
 * @example
 * ```ts
 * import { availability, azureAlertRules, defineSlos } from '@faasade/slo';
 * const set = defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * azureAlertRules(set).resources.map((rule) => rule.properties.criteria.allOf[0].threshold); // [14.4, 6, 3, 1.5]
 * ```
 */
export function azureAlertRules(set: SloSet): AzureAlertTemplate {
  const actionGroups = (severity: string) => ({
    type: 'array',
    defaultValue: [],
    metadata: { description: `Action groups the ${severity} alerts of ${set.service}'s SLOs notify` },
  });
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      applicationInsightsId: {
        type: 'string',
        metadata: {
          description: `Resource id of the Application Insights component ${set.service}'s functions report to`,
        },
      },
      location: {
        type: 'string',
        defaultValue: '[resourceGroup().location]',
        metadata: { description: 'Region of the alert rules' },
      },
      pageActionGroupIds: actionGroups('page'),
      ticketActionGroupIds: actionGroups('ticket'),
    },
    resources: set.slos.flatMap((slo) => azureBurnRateAlerts(slo.window).map((pair) => rule(set, slo, pair))),
  };
}
