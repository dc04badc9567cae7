import { PROMETHEUS_METRICS } from '../constants';
import type { Slo, SloSet } from '../objective/types';

/** The PromQL that counts an SLO's events: bad events and all events, as per-second rates over a window. */
export interface SliQueries {
  badRate(window: string): string;
  totalRate(window: string): string;
  /** Bad over total; no sample at all (rather than NaN) when there was no traffic in the window. */
  errorRatio(window: string): string;
}

function matchers(set: SloSet, slo: Slo, extra: string[] = []): string {
  const fn = set.labels.function;
  const own =
    slo.function !== '*'
      ? [`${fn}="${slo.function}"`]
      : slo.excludedFunctions.length > 0
        ? [`${fn}!~"${slo.excludedFunctions.join('|')}"`]
        : [];
  const all = [...own, ...extra];
  return all.length === 0 ? '' : `{${all.join(',')}}`;
}

/**
 * The histogram's `le` label as Prometheus 2 writes it (`"1"`) and as Prometheus 3 normalises
 * integral boundaries (`"1.0"`), so the rules work on both.
 */
function leMatcher(boundary: number): string {
  return Number.isInteger(boundary) ? `le=~"${boundary}(\\\\.0)?"` : `le="${boundary}"`;
}

/**
 * The queries of one SLO. Every rate is summed by function and cloud, so that one deployment's
 * outage is not diluted by another cloud's healthy traffic.
 */
export function sliQueries(set: SloSet, slo: Slo): SliQueries {
  const by = `sum by (${set.labels.function}, ${set.labels.cloud})`;
  const rate = (metric: string, window: string, extra: string[] = []) =>
    `${by} (rate(${metric}${matchers(set, slo, extra)}[${window}]))`;

  let badRate: (window: string) => string;
  let totalRate: (window: string) => string;
  if (slo.sli.kind === 'latency') {
    const le = leMatcher(slo.sli.thresholdSeconds);
    totalRate = (w) => rate(PROMETHEUS_METRICS.durationCount, w);
    badRate = (w) => `(${totalRate(w)} - ${rate(PROMETHEUS_METRICS.durationBucket, w, [le])})`;
  } else {
    const bad = slo.sli.kind === 'coldStarts' ? PROMETHEUS_METRICS.coldStarts : PROMETHEUS_METRICS.errors;
    totalRate = (w) => rate(PROMETHEUS_METRICS.invocations, w);
    // A function that never failed may never have created its error counter: count it as 0 bad.
    badRate = (w) => `(${rate(bad, w)} or 0 * ${totalRate(w)})`;
  }
  return {
    badRate,
    totalRate,
    errorRatio: (w) => `${badRate(w)} / (${totalRate(w)} > 0)`,
  };
}
