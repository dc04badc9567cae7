import { OTEL_METRICS, windowSeconds } from '../constants';
import { type BurnRateAlert, burnRateAlerts } from '../burn-rate/policy';
import { UnsupportedByCloudError } from '../errors';
import { kebab, sloTitle } from '../objective/describe';
import type { Slo, SloSet } from '../objective/types';
import { formatNumber } from '../objective/numbers';
import { alertFields, fieldsAsText, functionsOnCloud, sloOnFunction } from './common';

/** A Cloud Monitoring `ServiceLevelObjective` (API v3 shape). */
export interface GcpServiceLevelObjective {
  /** The id to create it under: the `serviceLevelObjectiveId` query parameter of `serviceLevelObjectives.create`, not a body field. */
  serviceLevelObjectiveId: string;
  displayName: string;
  goal: number;
  rollingPeriod: string;
  serviceLevelIndicator: {
    requestBased:
      | { goodTotalRatio: { badServiceFilter: string; totalServiceFilter: string } }
      | { distributionCut: { distributionFilter: string; range: { max: number } } };
  };
  userLabels: Record<string, string>;
}

/** A Cloud Monitoring `AlertPolicy` on an SLO's burn rate (API v3 shape). */
export interface GcpAlertPolicy {
  displayName: string;
  combiner: 'AND';
  severity: 'CRITICAL' | 'WARNING';
  conditions: {
    displayName: string;
    conditionThreshold: {
      filter: string;
      comparison: 'COMPARISON_GT';
      thresholdValue: number;
      duration: string;
    };
  }[];
  documentation: { content: string; mimeType: 'text/markdown' };
  userLabels: Record<string, string>;
}

/** The Cloud Monitoring definitions of a set: a custom service, its SLOs, and the burn-rate alert policies. */
export interface GcpMonitoring {
  /** `serviceId` is the `serviceId` query parameter of `services.create`; the rest is the body. */
  service: { serviceId: string; displayName: string; custom: Record<string, never> };
  serviceLevelObjectives: GcpServiceLevelObjective[];
  alertPolicies: GcpAlertPolicy[];
}

/** The highest goal Cloud Monitoring accepts for an SLO. */
const MAX_GOAL = 0.9999;

/** User label values: lowercase letters, digits, `_` and `-`. */
function labelValue(value: string): string {
  return kebab(value).replace(/[^a-z0-9_-]/g, '-');
}

function filter(set: SloSet, metric: string, fn: string): string {
  return [
    `metric.type="${set.gcp.metricPrefix}${metric}"`,
    `resource.type="${set.gcp.resourceType}"`,
    `metric.labels.${set.gcp.functionLabel}="${fn}"`,
  ].join(' AND ');
}

function objective(set: SloSet, slo: Slo, fn: string): GcpServiceLevelObjective {
  if (slo.objective > MAX_GOAL) {
    throw new UnsupportedByCloudError(
      `${slo.id} has the objective ${slo.objective}; Cloud Monitoring accepts goals up to ${MAX_GOAL}`,
    );
  }
  const requestBased =
    slo.sli.kind === 'latency'
      ? {
          distributionCut: {
            distributionFilter: filter(set, OTEL_METRICS.duration, fn),
            range: { max: slo.sli.thresholdSeconds },
          },
        }
      : {
          goodTotalRatio: {
            badServiceFilter: filter(
              set,
              slo.sli.kind === 'coldStarts' ? OTEL_METRICS.coldStarts : OTEL_METRICS.errors,
              fn,
            ),
            totalServiceFilter: filter(set, OTEL_METRICS.invocations, fn),
          },
        };
  return {
    serviceLevelObjectiveId: sloOnFunction(slo, fn),
    displayName: `${sloTitle(slo).replace(/^every function/, fn)}`,
    goal: slo.objective,
    rollingPeriod: `${windowSeconds(slo.window)}s`,
    serviceLevelIndicator: { requestBased },
    userLabels: {
      service: set.service,
      slo: slo.id,
      sli: labelValue(slo.sli.kind),
      function: labelValue(fn),
    },
  };
}

/** The resource name of an SLO, as `select_slo_burn_rate` wants it. */
export function gcpSloName(set: SloSet, sloId: string): string {
  return `projects/${set.gcp.project}/services/${set.service}/serviceLevelObjectives/${sloId}`;
}

function policies(set: SloSet, slo: Slo, fn: string, sloName: string): GcpAlertPolicy[] {
  return burnRateAlerts(slo.window).map((pair) => {
    const fields = alertFields(slo, fn, pair.severity);
    const condition = (span: typeof pair.longWindow) => ({
      displayName: `burn rate over ${span} above ${formatNumber(pair.burnRate)}`,
      conditionThreshold: {
        filter: `select_slo_burn_rate("${sloName}", "${windowSeconds(span)}s")`,
        comparison: 'COMPARISON_GT' as const,
        thresholdValue: pair.burnRate,
        duration: '0s',
      },
    });
    return {
      displayName: `${set.service} ${sloTitle(slo).replace(/^every function/, fn)}: ${pair.severity === 'page' ? 'fast' : 'slow'} burn over ${pair.longWindow} and ${pair.shortWindow}`,
      combiner: 'AND',
      severity: pair.severity === 'page' ? 'CRITICAL' : 'WARNING',
      conditions: [condition(pair.longWindow), condition(pair.shortWindow)],
      documentation: {
        content: fieldsAsText(
          fields,
          `${slo.description}: burn rate above ${formatNumber(pair.burnRate)} over ${pair.longWindow} and ${pair.shortWindow}.`,
        ),
        mimeType: 'text/markdown',
      },
      userLabels: { service: set.service, slo: slo.id, severity: pair.severity, function: labelValue(fn) },
    };
  });
}

/** One SLO on one function with its four alert policies: what both the API and the Terraform output are made of. */
export interface GcpEntry {
  slo: Slo;
  fn: string;
  pairs: BurnRateAlert[];
  objective: GcpServiceLevelObjective;
  policies: GcpAlertPolicy[];
}

/** The entries of a set, `'*'` expanded to the listed functions. */
export function gcpEntries(
  set: SloSet,
  sloName: (sloId: string) => string = (id) => gcpSloName(set, id),
): GcpEntry[] {
  return set.slos.flatMap((slo) =>
    functionsOnCloud(set, slo, 'GCP').map((fn) => ({
      slo,
      fn,
      pairs: burnRateAlerts(slo.window),
      objective: objective(set, slo, fn),
      policies: policies(set, slo, fn, sloName(sloOnFunction(slo, fn))),
    })),
  );
}

/**
 * Cloud Monitoring definitions for every SLO of a set: a custom service, one request-based SLO
 * per objective and function (`'*'` expands to the listed functions), and per burn-rate pair an
 * alert policy whose two `select_slo_burn_rate` conditions (long and short window) must both
 * hold. The shapes are the API's; {@link gcpTerraform} writes the same as Terraform.
 *
 * @example
 * ```ts
 * import { availability, defineSlos, gcpMonitoring } from '@faasade/slo';
 * const set = defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * gcpMonitoring(set).alertPolicies.map((policy) => policy.conditions[0].conditionThreshold.thresholdValue); // [14.4, 6, 3, 1]
 * ```
 */
export function gcpMonitoring(set: SloSet): GcpMonitoring {
  const entries = gcpEntries(set);
  return {
    service: { serviceId: set.service, displayName: set.service, custom: {} },
    serviceLevelObjectives: entries.map((entry) => entry.objective),
    alertPolicies: entries.flatMap((entry) => entry.policies),
  };
}
