import {
  azureAlertRules,
  azureBurnRateAlerts,
  burnRateAlerts,
  cloudWatchAlarms,
  coldStarts,
  defineSlos,
  gcpMonitoring,
  gcpTerraform,
  judgedFunctions,
  latency,
  type SloSet,
  UnsupportedByCloudError,
  windowSeconds,
} from '@faasade/slo';
import orders from '../examples/orders.slo';
import { sampleConfig } from './support';

const weekly = defineSlos({ ...sampleConfig(), window: '7d' });
const kebab = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
/** Every (SLO, function) pair a cloud that names functions must alert on. */
const targets = (set: SloSet) =>
  set.slos.flatMap((slo) =>
    judgedFunctions(set, slo).map((fn) => ({
      slo,
      fn,
      key: slo.function === '*' ? `${slo.id}-${kebab(fn)}` : slo.id,
    })),
  );

describe.each([
  ['the orders example over 30 days', orders],
  ['objectives of every kind over 7 days', weekly],
])('native alerts for %s', (_, set) => {
  it('has, on AWS, a page and a ticket composite alarm per objective and function, over window alarms at the burn-rate thresholds', () => {
    const { Resources } = cloudWatchAlarms(set);
    for (const { slo, fn, key } of targets(set)) {
      const name = (suffix: string) => `${set.service}-${key}-${suffix}`;
      const byName = (alarmName: string) =>
        Object.values(Resources).find((resource) => resource.Properties.AlarmName === alarmName)!;
      for (const pair of burnRateAlerts(slo.window)) {
        for (const span of [pair.longWindow, pair.shortWindow]) {
          const alarm = byName(name(`${pair.severity}-${span}`));
          expect(alarm.Properties).toMatchObject({
            Threshold: pair.burnRate,
            ComparisonOperator: 'GreaterThanThreshold',
          });
          const [numerator, total] = alarm.Properties.Metrics as {
            MetricStat: { Period: number; Metric: { Dimensions: unknown } };
          }[];
          expect(numerator.MetricStat.Period).toBe(windowSeconds(span));
          expect(total.MetricStat.Metric.Dimensions).toEqual([{ Name: 'faas.name', Value: fn }]);
        }
      }
      for (const [severity, burn] of [
        ['page', 'fast'],
        ['ticket', 'slow'],
      ] as const) {
        const composite = byName(name(`${burn}-burn`));
        const pairs = burnRateAlerts(slo.window).filter((pair) => pair.severity === severity);
        expect(composite.Properties.AlarmRule).toBe(
          pairs
            .map(
              (p) =>
                `(ALARM("${name(`${severity}-${p.longWindow}`)}") AND ALARM("${name(`${severity}-${p.shortWindow}`)}"))`,
            )
            .join(' OR '),
        );
        expect(composite.Properties.AlarmDescription).toContain(
          `slo: ${slo.id}\nfunction: ${fn}\nseverity: ${severity}\nrunbook_url: ${slo.runbookUrl}`,
        );
      }
    }
    expect(Object.keys(Resources)).toHaveLength(targets(set).length * 10);
  });

  it('has, on Azure, a rule per objective and burn-rate pair at the threshold, the 3-day pair looking back the 2 days Azure allows', () => {
    const { resources } = azureAlertRules(set);
    for (const slo of set.slos) {
      const rules = resources.filter((rule) => rule.properties.actions.customProperties.slo === slo.id);
      const expected = azureBurnRateAlerts(slo.window);
      expect(
        rules.map((rule) => [rule.properties.criteria.allOf[0].threshold, rule.properties.windowSize]),
      ).toEqual(
        expected.map((pair) => [
          pair.burnRate,
          { 3600: 'PT1H', 21600: 'PT6H', 86400: 'P1D', 172800: 'P2D' }[pair.longSeconds],
        ]),
      );
      for (const rule of rules) {
        expect(rule.properties.actions.customProperties).toMatchObject({
          slo: slo.id,
          function: slo.function,
          runbook_url: slo.runbookUrl,
        });
        expect(rule.properties.severity).toBe(
          rule.properties.actions.customProperties.severity === 'page' ? 1 : 2,
        );
      }
    }
    expect(resources).toHaveLength(set.slos.length * 4);
  });

  it('has, on GCP, an SLO per objective and function and four burn-rate policies on it at the thresholds', () => {
    const monitoring = gcpMonitoring(set);
    for (const { slo, key } of targets(set)) {
      const objective = monitoring.serviceLevelObjectives.find(
        (each) => each.serviceLevelObjectiveId === key,
      )!;
      expect(objective).toMatchObject({
        goal: slo.objective,
        rollingPeriod: `${windowSeconds(slo.window)}s`,
      });
      const sloName = `projects/\${GCP_PROJECT}/services/${set.service}/serviceLevelObjectives/${key}`;
      const policies = monitoring.alertPolicies.filter((policy) =>
        policy.conditions[0].conditionThreshold.filter.includes(`/${key}"`),
      );
      expect(
        policies.map((policy) => [
          policy.severity,
          ...policy.conditions.map((c) => [c.conditionThreshold.filter, c.conditionThreshold.thresholdValue]),
        ]),
      ).toEqual(
        burnRateAlerts(slo.window).map((pair) => [
          pair.severity === 'page' ? 'CRITICAL' : 'WARNING',
          [`select_slo_burn_rate("${sloName}", "${windowSeconds(pair.longWindow)}s")`, pair.burnRate],
          [`select_slo_burn_rate("${sloName}", "${windowSeconds(pair.shortWindow)}s")`, pair.burnRate],
        ]),
      );
    }
    const terraform = gcpTerraform(set).resource;
    expect(Object.keys(terraform.google_monitoring_slo)).toHaveLength(targets(set).length);
    expect(Object.keys(terraform.google_monitoring_alert_policy)).toHaveLength(targets(set).length * 4);
  });
});

describe('the 3-day ticket pair on Azure', () => {
  it('keeps its meaning, 10% of the budget, over the 2 days a log search alert can query', () => {
    expect(azureBurnRateAlerts('30d').map((pair) => pair.burnRate)).toEqual([14.4, 6, 3, 1.5]);
    expect(azureBurnRateAlerts('7d').map((pair) => pair.burnRate)).toEqual([3.36, 1.4, 0.7, 0.35]);
  });
});

describe('what each cloud reads', () => {
  it('reads the EMF metrics under the configured namespace and dimensions on AWS, with latency as a percentile rank', () => {
    const set = defineSlos({
      ...sampleConfig(),
      aws: { namespace: 'shop/prod', extraDimensions: { service: 'shop' }, durationUnit: 'Milliseconds' },
      slos: { checkout: [latency({ under: '250ms', objective: 0.95 })] },
    });
    const alarm = Object.values(cloudWatchAlarms(set).Resources)[0];
    expect(alarm.Properties.Metrics).toEqual([
      expect.objectContaining({
        MetricStat: {
          Metric: {
            Namespace: 'shop/prod',
            MetricName: 'faas.invoke_duration',
            Dimensions: [
              { Name: 'faas.name', Value: 'checkout' },
              { Name: 'service', Value: 'shop' },
            ],
          },
          Period: 3600,
          Stat: 'PR(:250)',
        },
      }),
      expect.objectContaining({ Id: 'total', MetricStat: expect.objectContaining({ Stat: 'SampleCount' }) }),
      expect.objectContaining({
        Expression: 'IF(total > 0, (100 - good_pct) / 100 / 0.05, 0)',
        ReturnData: true,
      }),
    ]);
  });

  it('reads, by default, what the core EMF exporter writes by default: the service namespace and [faas.name]', () => {
    const set = defineSlos({
      ...sampleConfig(),
      slos: { checkout: [latency({ under: '250ms', objective: 0.95 })] },
    });
    const alarm = Object.values(cloudWatchAlarms(set).Resources)[0];
    const metric = (
      alarm.Properties.Metrics as Array<{ MetricStat?: { Metric: Record<string, unknown> } }>
    )[0].MetricStat?.Metric;
    expect(metric).toMatchObject({
      Namespace: set.service,
      Dimensions: [{ Name: 'faas.name', Value: 'checkout' }],
    });
  });

  it("reads Application Insights on Azure: counters from customMetrics, durations from requests, '*' split by function", () => {
    const [availabilityRule] = azureAlertRules(orders).resources;
    expect(availabilityRule.properties.criteria.allOf[0].query).toContain(
      "where name in ('faas.errors', 'faas.invocations')",
    );
    const latencyRule = azureAlertRules(orders).resources.find(
      (rule) => rule.name === 'orders-get-order-latency-1s-page-1h',
    )!;
    expect(latencyRule.properties.criteria.allOf[0].query).toMatch(/^requests\n/);
    expect(latencyRule.properties.criteria.allOf[0].query).toContain('countif(duration > 1000)');
    const wildcard = azureAlertRules(defineSlos(sampleConfig())).resources.find(
      (rule) => rule.name === 'shop-all-cold-starts-page-1h',
    )!;
    expect(wildcard.properties.criteria.allOf[0].query).toContain(
      "where isnotempty(function) and function !in ('sendReceipt')",
    );
    expect(wildcard.properties.criteria.allOf[0].dimensions).toEqual([
      { name: 'function', operator: 'Include', values: ['*'] },
    ]);
  });

  it('reads the OpenTelemetry metrics on GCP: errors over invocations, and a distribution cut at the latency threshold', () => {
    const { serviceLevelObjectives } = gcpMonitoring(orders);
    expect(serviceLevelObjectives[0].serviceLevelIndicator.requestBased).toEqual({
      goodTotalRatio: {
        badServiceFilter:
          'metric.type="workload.googleapis.com/faas.errors" AND resource.type="generic_task" AND metric.labels.faas_name="createOrder"',
        totalServiceFilter:
          'metric.type="workload.googleapis.com/faas.invocations" AND resource.type="generic_task" AND metric.labels.faas_name="createOrder"',
      },
    });
    expect(serviceLevelObjectives[1].serviceLevelIndicator.requestBased).toEqual({
      distributionCut: {
        distributionFilter:
          'metric.type="workload.googleapis.com/faas.invoke_duration" AND resource.type="generic_task" AND metric.labels.faas_name="createOrder"',
        range: { max: 1 },
      },
    });
  });

  it('refers the Terraform alert policies to the Terraform SLOs', () => {
    const tf = (expression: string) => `\${${expression}}`;
    const policy =
      gcpTerraform(orders).resource.google_monitoring_alert_policy.create_order_availability_page_1h;
    expect(policy).toMatchObject({
      severity: 'CRITICAL',
      combiner: 'AND',
      notification_channels: tf('var.slo_page_notification_channels'),
      conditions: [
        {
          condition_threshold: {
            filter: `select_slo_burn_rate("${tf('google_monitoring_slo.create_order_availability.name')}", "3600s")`,
            threshold_value: 14.4,
          },
        },
        {
          condition_threshold: {
            filter: `select_slo_burn_rate("${tf('google_monitoring_slo.create_order_availability.name')}", "300s")`,
            threshold_value: 14.4,
          },
        },
      ],
    });
  });
});

describe('objectives a cloud cannot express', () => {
  it('are refused by GCP above the 0.9999 goal it accepts', () => {
    const set = defineSlos({ ...sampleConfig(), slos: { checkout: [coldStarts({ objective: 0.99999 })] } });
    expect(() => gcpMonitoring(set)).toThrow(UnsupportedByCloudError);
    expect(() => gcpMonitoring(set)).toThrow(
      'checkout-cold-starts has the objective 0.99999; Cloud Monitoring accepts goals up to 0.9999',
    );
  });

  it("need the function names for '*' where a cloud alarms per function", () => {
    const set = defineSlos({
      ...sampleConfig(),
      functions: undefined,
      slos: { '*': [coldStarts({ objective: 0.95 })] },
    });
    expect(() => cloudWatchAlarms(set)).toThrow(
      /needs one alarm per function and the config lists none: name them in functions/,
    );
    expect(() => gcpMonitoring(set)).toThrow(UnsupportedByCloudError);
    expect(azureAlertRules(set).resources).toHaveLength(4);
  });
});
