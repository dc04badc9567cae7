import { OTEL_METRICS, windowSeconds } from '../constants';
import { type BurnRateAlert, burnRateAlerts, type Severity } from '../burn-rate/policy';
import { pascal, sloTitle } from '../objective/describe';
import type { Slo, SloSet } from '../objective/types';
import { errorBudget, formatNumber } from '../objective/numbers';
import { alertFields, fieldsAsText, functionsOnCloud, sloOnFunction } from './common';

/** One metric or expression of a CloudWatch metric-math alarm. */
export interface CloudWatchMetricQuery {
  Id: string;
  ReturnData: boolean;
  Label?: string;
  Expression?: string;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
}

/** A CloudFormation resource (`AWS::CloudWatch::Alarm` or `AWS::CloudWatch::CompositeAlarm`). */
export interface CloudFormationResource {
  Type: 'AWS::CloudWatch::Alarm' | 'AWS::CloudWatch::CompositeAlarm';
  DependsOn?: string[];
  Properties: Record<string, unknown>;
}

/** A CloudFormation template with the SLO alarms; its resources can be merged into a SAM template. */
export interface CloudWatchAlarmTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Parameters: Record<string, { Type: 'String'; Default: string; Description: string }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, CloudFormationResource>;
}

const TOPIC = { page: 'SloPageTopicArn', ticket: 'SloTicketTopicArn' } as const;
const HAS_TOPIC = { page: 'SloHasPageTopic', ticket: 'SloHasTicketTopic' } as const;

function metricQueries(set: SloSet, slo: Slo, fn: string, period: number): CloudWatchMetricQuery[] {
  const dimensions = [
    { Name: set.aws.functionDimension, Value: fn },
    ...Object.entries(set.aws.extraDimensions).map(([Name, Value]) => ({ Name, Value })),
  ];
  const stat = (Id: string, MetricName: string, Stat: string): CloudWatchMetricQuery => ({
    Id,
    ReturnData: false,
    MetricStat: {
      Metric: { Namespace: set.aws.namespace, MetricName, Dimensions: dimensions },
      Period: period,
      Stat,
    },
  });
  const budget = formatNumber(errorBudget(slo.objective));
  if (slo.sli.kind === 'latency') {
    const threshold = slo.sli.thresholdSeconds * (set.aws.durationUnit === 'Milliseconds' ? 1000 : 1);
    return [
      // PR(:t) is the percentage of invocations that took t or less: the good ones.
      stat('good_pct', OTEL_METRICS.duration, `PR(:${formatNumber(threshold)})`),
      stat('total', OTEL_METRICS.duration, 'SampleCount'),
      {
        Id: 'burn_rate',
        ReturnData: true,
        Label: 'burn rate',
        Expression: `IF(total > 0, (100 - good_pct) / 100 / ${budget}, 0)`,
      },
    ];
  }
  const bad = slo.sli.kind === 'coldStarts' ? OTEL_METRICS.coldStarts : OTEL_METRICS.errors;
  return [
    stat('bad', bad, 'Sum'),
    stat('total', OTEL_METRICS.invocations, 'Sum'),
    // FILL: a period without any failure may have no error datapoint at all.
    {
      Id: 'burn_rate',
      ReturnData: true,
      Label: 'burn rate',
      Expression: `IF(total > 0, FILL(bad, 0) / total / ${budget}, 0)`,
    },
  ];
}

function windowAlarm(set: SloSet, slo: Slo, fn: string, pair: BurnRateAlert, window: 'long' | 'short') {
  const span = window === 'long' ? pair.longWindow : pair.shortWindow;
  // Unique per severity: no window is both the long and the short one of the same severity's pairs.
  const name = `${set.service}-${sloOnFunction(slo, fn)}-${pair.severity}-${span}`;
  const resource: CloudFormationResource = {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: name,
      AlarmDescription: `Burn rate of ${sloTitle(slo)} for ${fn} over ${span} above ${formatNumber(pair.burnRate)}; part of ${pair.severity} alarm ${set.service}-${sloOnFunction(slo, fn)}-${pair.severity === 'page' ? 'fast' : 'slow'}-burn`,
      // Only the composite alarm notifies: one window alone is not a reason to wake anyone.
      ActionsEnabled: false,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: pair.burnRate,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      Metrics: metricQueries(set, slo, fn, windowSeconds(span)),
    },
  };
  return {
    logicalId: `${pascal(`slo-${sloOnFunction(slo, fn)}-${pair.severity}-${pair.longWindow}-${span}`)}`,
    name,
    resource,
  };
}

function severityAlarms(set: SloSet, slo: Slo, fn: string, severity: Severity) {
  const pairs = burnRateAlerts(slo.window).filter((pair) => pair.severity === severity);
  const windows = pairs.map((pair) => ({
    pair,
    long: windowAlarm(set, slo, fn, pair, 'long'),
    short: windowAlarm(set, slo, fn, pair, 'short'),
  }));
  const fields = alertFields(slo, fn, severity);
  const rule = windows
    .map(({ long, short }) => `(ALARM("${long.name}") AND ALARM("${short.name}"))`)
    .join(' OR ');
  const thresholds = windows
    .map(
      ({ pair }) =>
        `burn rate above ${formatNumber(pair.burnRate)} over ${pair.longWindow} and ${pair.shortWindow}`,
    )
    .join(', or ');
  const composite: CloudFormationResource = {
    Type: 'AWS::CloudWatch::CompositeAlarm',
    DependsOn: windows.flatMap(({ long, short }) => [long.logicalId, short.logicalId]),
    Properties: {
      AlarmName: `${set.service}-${sloOnFunction(slo, fn)}-${severity === 'page' ? 'fast' : 'slow'}-burn`,
      AlarmDescription: fieldsAsText(fields, `${slo.description}: ${thresholds}.`),
      AlarmRule: rule,
      ActionsEnabled: true,
      AlarmActions: { 'Fn::If': [HAS_TOPIC[severity], [{ Ref: TOPIC[severity] }], { Ref: 'AWS::NoValue' }] },
    },
  };
  return [
    ...windows.flatMap(
      ({ long, short }) =>
        [
          [long.logicalId, long.resource],
          [short.logicalId, short.resource],
        ] as const,
    ),
    [
      pascal(`slo-${sloOnFunction(slo, fn)}-${severity === 'page' ? 'fast' : 'slow'}-burn`),
      composite,
    ] as const,
  ];
}

/**
 * CloudWatch alarms for every SLO of a set, over the EMF metrics the telemetry writes: for each
 * window of each burn-rate pair a metric-math alarm on the burn rate, and per severity a
 * composite alarm `(long AND short) OR (long AND short)` that notifies the page or the ticket
 * SNS topic given as template parameters. `'*'` objectives get one set per listed function.
 *
 * @example
 * ```ts
 * import { availability, cloudWatchAlarms, defineSlos } from '@faasade/slo';
 * const set = defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * Object.keys(cloudWatchAlarms(set).Resources).length; // 10: 8 window alarms and 2 composites
 * ```
 */
export function cloudWatchAlarms(set: SloSet): CloudWatchAlarmTemplate {
  const resources = set.slos.flatMap((slo) =>
    functionsOnCloud(set, slo, 'AWS').flatMap((fn) => [
      ...severityAlarms(set, slo, fn, 'page'),
      ...severityAlarms(set, slo, fn, 'ticket'),
    ]),
  );
  const parameter = (severity: Severity) => ({
    Type: 'String' as const,
    Default: '',
    Description: `SNS topic the ${severity} alarms of ${set.service}'s SLOs notify (empty: no notification)`,
  });
  const hasTopic = (severity: Severity) => ({
    'Fn::Not': [{ 'Fn::Equals': [{ Ref: TOPIC[severity] }, ''] }],
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `SLO burn-rate alarms of ${set.service}, generated by faasade from its objectives`,
    Parameters: { [TOPIC.page]: parameter('page'), [TOPIC.ticket]: parameter('ticket') },
    Conditions: { [HAS_TOPIC.page]: hasTopic('page'), [HAS_TOPIC.ticket]: hasTopic('ticket') },
    Resources: Object.fromEntries(resources),
  };
}
