import { PROMETHEUS_METRICS } from '../constants';
import { sliTitle, sloTitle } from '../objective/describe';
import type { Slo, SloSet } from '../objective/types';
import { toYaml } from '../prometheus/yaml';
import { formatSelector, type LabelMatcher } from './selector';
import {
  ANNOTATIONS,
  OPENSLO_API_VERSION,
  type OpenSloDocument,
  type OpenSloMetricSource,
  type OpenSloRatioMetric,
  type OpenSloService,
  type OpenSloSlo,
} from './types';

function source(metric: string, matchers: LabelMatcher[]): { metricSource: OpenSloMetricSource } {
  return { metricSource: { type: 'Prometheus', spec: { query: formatSelector({ metric, matchers }) } } };
}

function ratioMetric(set: SloSet, slo: Slo): OpenSloRatioMetric {
  const fn: LabelMatcher[] =
    slo.function === '*' ? [] : [{ name: set.labels.function, op: '=', value: slo.function }];
  switch (slo.sli.kind) {
    case 'latency':
      return {
        counter: true,
        good: source(PROMETHEUS_METRICS.durationBucket, [
          ...fn,
          { name: 'le', op: '=', value: String(slo.sli.thresholdSeconds) },
        ]),
        total: source(PROMETHEUS_METRICS.durationCount, fn),
      };
    case 'coldStarts':
      return {
        counter: true,
        bad: source(PROMETHEUS_METRICS.coldStarts, fn),
        total: source(PROMETHEUS_METRICS.invocations, fn),
      };
    default:
      return {
        counter: true,
        bad: source(PROMETHEUS_METRICS.errors, fn),
        total: source(PROMETHEUS_METRICS.invocations, fn),
      };
  }
}

function sloDocument(set: SloSet, slo: Slo): OpenSloSlo {
  return {
    apiVersion: OPENSLO_API_VERSION,
    kind: 'SLO',
    metadata: {
      name: slo.id,
      displayName: sloTitle(slo),
      annotations: { [ANNOTATIONS.sli]: slo.sli.kind, [ANNOTATIONS.runbookUrl]: slo.runbookUrl },
    },
    spec: {
      description: slo.description,
      service: slo.service,
      indicator: {
        metadata: { name: `${slo.id}-sli`.slice(0, 63).replace(/-+$/, ''), displayName: sliTitle(slo.sli) },
        spec: { ratioMetric: ratioMetric(set, slo) },
      },
      timeWindow: [{ duration: slo.window, isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: sliTitle(slo.sli), target: slo.objective }],
    },
  };
}

function serviceDocument(set: SloSet): OpenSloService {
  return {
    apiVersion: OPENSLO_API_VERSION,
    kind: 'Service',
    metadata: {
      name: set.service,
      annotations: {
        [ANNOTATIONS.functions]: set.functions.join(','),
        [ANNOTATIONS.functionLabel]: set.labels.function,
        [ANNOTATIONS.cloudLabel]: set.labels.cloud,
      },
    },
    spec: { description: `The functions of ${set.service}, judged one by one on every cloud they run on` },
  };
}

/**
 * The SLOs of a set as OpenSLO v1 documents: one `Service`, then one `SLO` per objective with
 * its indicator inline as a `ratioMetric` over the Prometheus metrics.
 *
 * @example
 * ```ts
 * import { availability, defineSlos, toOpenSlo } from '@faasade/slo';
 * const set = defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * toOpenSlo(set).map((doc) => doc.kind); // ['Service', 'SLO']
 * ```
 */
export function toOpenSlo(set: SloSet): OpenSloDocument[] {
  return [serviceDocument(set), ...set.slos.map((slo) => sloDocument(set, slo))];
}

/**
 * The same documents as one multi-document YAML file.
 *
 * @example
 * ```ts
 * import { availability, defineSlos, toOpenSloYaml } from '@faasade/slo';
 * const set = defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * toOpenSloYaml(set).startsWith('apiVersion: openslo/v1'); // true
 * ```
 */
export function toOpenSloYaml(set: SloSet, header: string[] = []): string {
  const documents = toOpenSlo(set).map((document) => toYaml(document));
  const comments = header.map((line) => `# ${line}`.trimEnd()).join('\n');
  return (comments ? `${comments}\n` : '') + documents.join('---\n');
}
