import type { Severity } from '../burn-rate/policy';
import { UnsupportedByCloudError } from '../errors';
import { judgedFunctions } from '../objective/define';
import { formatPercent, kebab, sliTitle } from '../objective/describe';
import type { Slo, SloSet } from '../objective/types';

/** The five fields every alert carries on every cloud, so that a page reads the same wherever it comes from. */
export interface AlertFields {
  summary: string;
  slo: string;
  function: string;
  severity: Severity;
  runbook_url: string;
}

/** The alert fields of one SLO for one function. */
export function alertFields(slo: Slo, fn: string, severity: Severity): AlertFields {
  const pace = severity === 'page' ? 'fast' : 'steadily';
  return {
    summary: `${fn}: ${sliTitle(slo.sli)} ${formatPercent(slo.objective)} over ${slo.window} is burning its error budget ${pace}`,
    slo: slo.id,
    function: fn,
    severity,
    runbook_url: slo.runbookUrl,
  };
}

/** The fields as `key: value` lines, for the clouds whose alerts only have a free-text description. */
export function fieldsAsText(fields: AlertFields, description: string): string {
  return [
    fields.summary,
    description,
    ...Object.entries(fields)
      .slice(1)
      .map(([key, value]) => `${key}: ${value}`),
  ].join('\n');
}

/**
 * The functions a cloud that names one alarm per function must cover: the SLO's own, or for
 * `'*'` every listed function without an objective of the same kind of its own.
 */
export function functionsOnCloud(set: SloSet, slo: Slo, cloud: string): string[] {
  const functions = judgedFunctions(set, slo);
  if (functions.length === 0) {
    throw new UnsupportedByCloudError(
      `${slo.id} applies to every function ('*'), but ${cloud} needs one alarm per function and the config lists ` +
        'none: name them in functions',
    );
  }
  return functions;
}

/** A name part for an SLO on one function: `create-order-availability`, or `all-cold-starts-get-order` for `'*'`. */
export function sloOnFunction(slo: Slo, fn: string): string {
  return slo.function === '*' ? `${slo.id}-${kebab(fn)}` : slo.id;
}
