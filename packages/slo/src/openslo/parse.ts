import { parseAllDocuments } from 'yaml';
import { DEFAULT_LABELS, PROMETHEUS_METRICS } from '../constants';
import { InvalidOpenSloError } from '../errors';
import { type SloConfig, defineSlos } from '../objective/define';
import { parseSloWindow } from '../objective/duration';
import type { ObjectiveDeclaration, SloSet } from '../objective/types';
import { type LabelMatcher, type MetricSelector, parseSelector } from './selector';
import { ANNOTATIONS, OPENSLO_API_VERSION, type OpenSloIndicator, type OpenSloSlo } from './types';

/** What an OpenSLO file cannot say, or what should replace what it says. */
export type OpenSloOptions = Partial<Omit<SloConfig, 'service' | 'slos'>>;

type Doc = Record<string, unknown>;
const IGNORED_KINDS = ['DataSource', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget'];
const METRICS = Object.values(PROMETHEUS_METRICS);

function fail(where: string, message: string): never {
  throw new InvalidOpenSloError(`${where}: ${message}`);
}

function documentsOf(input: string | unknown): Doc[] {
  if (typeof input !== 'string') return (Array.isArray(input) ? input : [input]) as Doc[];
  return parseAllDocuments(input).flatMap((document, index) => {
    if (document.errors.length > 0) fail(`YAML document ${index + 1}`, document.errors[0].message);
    const value = document.toJS() as unknown;
    return value === null || value === undefined
      ? []
      : Array.isArray(value)
        ? (value as Doc[])
        : [value as Doc];
  });
}

function selectorOf(
  part: { metricSource?: { type?: string; spec?: { query?: unknown } } } | undefined,
  where: string,
) {
  if (part === undefined) return undefined;
  const source = part.metricSource;
  if (source?.type !== undefined && source.type.toLowerCase() !== 'prometheus') {
    fail(
      where,
      `metricSource type ${JSON.stringify(source.type)} is not Prometheus, the only source faasade reads`,
    );
  }
  const query = source?.spec?.query;
  if (typeof query !== 'string') fail(where, 'metricSource.spec.query is missing');
  return parseSelector(query, METRICS);
}

/** The function a selector judges (`'*'` without a function matcher), and its `le` if any. */
function readMatchers(selector: MetricSelector, functionLabel: string, where: string) {
  let fn = '*';
  let le: string | undefined;
  for (const matcher of selector.matchers) {
    const exact = (m: LabelMatcher) =>
      m.op === '=' || fail(where, `the matcher ${m.name}${m.op}"${m.value}" must be an equality`);
    if (matcher.name === functionLabel && exact(matcher)) fn = matcher.value;
    else if (matcher.name === 'le' && exact(matcher)) le = matcher.value;
    else {
      fail(
        where,
        `the query selects ${matcher.name}${matcher.op}"${matcher.value}"; faasade judges each function on every cloud ` +
          `and selects only ${functionLabel} (and le for latency)`,
      );
    }
  }
  return { fn, le };
}

function indicatorObjective(indicator: OpenSloIndicator['spec'], functionLabel: string, where: string) {
  const ratio = indicator.ratioMetric;
  if (ratio === undefined) fail(where, 'faasade reads ratioMetric indicators only (good/total or bad/total)');
  if (ratio.raw !== undefined)
    fail(where, 'a raw ratioMetric cannot be judged per function; use good or bad with total');
  const good = selectorOf(ratio.good, `${where} good`);
  const bad = selectorOf(ratio.bad, `${where} bad`);
  const total = selectorOf(ratio.total, `${where} total`);
  if (total === undefined || (good === undefined) === (bad === undefined)) {
    fail(where, 'a ratioMetric needs total and exactly one of good and bad');
  }
  const numerator = (good ?? bad) as MetricSelector;
  const top = readMatchers(numerator, functionLabel, where);
  const bottom = readMatchers(total, functionLabel, where);
  if (top.fn !== bottom.fn) fail(where, `the numerator judges ${top.fn} but total judges ${bottom.fn}`);
  const pair = `${good ? 'good' : 'bad'}=${numerator.metric}, total=${total.metric}`;
  const M = PROMETHEUS_METRICS;
  if (bad && total.metric === M.invocations && bad.metric === M.errors)
    return { fn: top.fn, kind: 'availability' as const };
  if (bad && total.metric === M.invocations && bad.metric === M.coldStarts)
    return { fn: top.fn, kind: 'coldStarts' as const };
  if (good && good.metric === M.durationBucket && total.metric === M.durationCount && top.le !== undefined) {
    return { fn: top.fn, kind: 'latency' as const, under: Number(top.le) };
  }
  return fail(
    where,
    `${pair} is not an indicator faasade knows: use bad=${M.errors} or bad=${M.coldStarts} over total=${M.invocations}, ` +
      `or good=${M.durationBucket}{le="…"} over total=${M.durationCount}`,
  );
}

function objectiveOf(
  doc: OpenSloSlo,
  indicators: Map<string, OpenSloIndicator['spec']>,
  functionLabel: string,
) {
  const where = `SLO ${JSON.stringify(doc.metadata?.name)}`;
  if (typeof doc.metadata?.name !== 'string') fail(where, 'metadata.name is missing');
  const spec = doc.spec ?? fail(where, 'spec is missing');
  const indicator =
    spec.indicator?.spec ?? (spec.indicatorRef ? indicators.get(spec.indicatorRef) : undefined);
  if (indicator === undefined) fail(where, `indicator is missing (or indicatorRef names no SLI in the file)`);
  const windows = spec.timeWindow ?? [];
  if (windows.length !== 1) fail(where, 'timeWindow must have exactly one entry');
  if (windows[0].isRolling !== true)
    fail(where, 'faasade evaluates rolling windows only: set timeWindow[0].isRolling to true');
  if (spec.budgetingMethod !== 'Occurrences') {
    fail(
      where,
      `budgetingMethod ${JSON.stringify(spec.budgetingMethod)} is not supported: faasade counts Occurrences`,
    );
  }
  if (spec.objectives?.length !== 1) fail(where, 'faasade reads exactly one objective per SLO');
  const { target, targetPercent } = spec.objectives[0];
  const objective = target ?? (typeof targetPercent === 'number' ? targetPercent / 100 : undefined);
  const found = indicatorObjective(indicator, functionLabel, where);
  const annotations = doc.metadata.annotations ?? {};
  const kind =
    found.kind === 'availability' && annotations[ANNOTATIONS.sli] === 'processingSuccess'
      ? 'processingSuccess'
      : found.kind;
  const declaration = {
    kind,
    objective,
    window: parseSloWindow(windows[0].duration, `${where} timeWindow`),
    name: doc.metadata.name,
    ...(found.kind === 'latency' ? { under: found.under } : {}),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
  } as ObjectiveDeclaration;
  return {
    fn: found.fn,
    service: spec.service,
    declaration,
    runbookUrl: annotations[ANNOTATIONS.runbookUrl],
  };
}

/**
 * Reads OpenSLO v1 (YAML text, or parsed documents) into an SLO config. `SLO` documents become
 * objectives, `SLI` documents serve `indicatorRef`s, a `Service` document may carry the
 * function list; alerting kinds are skipped, since faasade derives its own alerts.
 *
 * @example
 * ```ts
 * import { openSloToConfig } from '@faasade/slo';
 * const yaml = `
 * apiVersion: openslo/v1
 * kind: SLO
 * metadata: { name: get-order-availability }
 * spec:
 *   service: orders
 *   indicator:
 *     metadata: { name: get-order-errors }
 *     spec:
 *       ratioMetric:
 *         counter: true
 *         bad: { metricSource: { type: Prometheus, spec: { query: 'faas_errors_total{faas_name="getOrder"}' } } }
 *         total: { metricSource: { type: Prometheus, spec: { query: 'faas_invocations_total{faas_name="getOrder"}' } } }
 *   timeWindow: [{ duration: 28d, isRolling: true }]
 *   budgetingMethod: Occurrences
 *   objectives: [{ target: 0.999 }]
 * `;
 * const config = openSloToConfig(yaml, { runbookUrl: 'https://runbooks.acme.dev/{slo}' });
 * config.slos.getOrder; // [{ kind: 'availability', objective: 0.999, window: '28d', name: 'get-order-availability' }]
 * ```
 */
export function openSloToConfig(input: string | unknown, options: OpenSloOptions = {}): SloConfig {
  const docs = documentsOf(input);
  const service = docs.find((doc) => doc.kind === 'Service') as
    | { metadata?: { name?: string; annotations?: Record<string, string> } }
    | undefined;
  const serviceNotes = service?.metadata?.annotations ?? {};
  const functionLabel =
    options.labels?.function ?? serviceNotes[ANNOTATIONS.functionLabel] ?? DEFAULT_LABELS.function;
  const indicators = new Map<string, OpenSloIndicator['spec']>();
  for (const [index, doc] of docs.entries()) {
    if (typeof doc !== 'object' || doc === null) fail(`document ${index + 1}`, 'is not an object');
    if (doc.apiVersion !== OPENSLO_API_VERSION) {
      fail(
        `document ${index + 1}`,
        `apiVersion ${JSON.stringify(doc.apiVersion)} is not ${OPENSLO_API_VERSION}`,
      );
    }
    if (doc.kind === 'SLI')
      indicators.set((doc.metadata as { name: string }).name, doc.spec as OpenSloIndicator['spec']);
    else if (!['SLO', 'Service', ...IGNORED_KINDS].includes(doc.kind as string)) {
      fail(`document ${index + 1}`, `kind ${JSON.stringify(doc.kind)} is not an OpenSLO v1 kind`);
    }
  }
  const objectives = docs
    .filter((doc) => doc.kind === 'SLO')
    .map((doc) => objectiveOf(doc as unknown as OpenSloSlo, indicators, functionLabel));
  if (objectives.length === 0) throw new InvalidOpenSloError('the OpenSLO input has no SLO document');
  const services = [...new Set(objectives.map((objective) => objective.service))];
  if (services.length !== 1)
    throw new InvalidOpenSloError(
      `the SLOs belong to ${services.length} services (${services.join(', ')}); faasade reads one service per file`,
    );

  const slos: Record<string, ObjectiveDeclaration[]> = {};
  for (const { fn, declaration, runbookUrl } of objectives) {
    // A runbook given on import replaces the ones the file carries.
    const withRunbook =
      options.runbookUrl === undefined && runbookUrl ? { ...declaration, runbookUrl } : declaration;
    (slos[fn] ??= []).push(withRunbook);
  }
  const listed = serviceNotes[ANNOTATIONS.functions];
  return {
    ...options,
    service: services[0],
    labels: {
      function: functionLabel,
      cloud: options.labels?.cloud ?? serviceNotes[ANNOTATIONS.cloudLabel] ?? DEFAULT_LABELS.cloud,
    },
    ...(options.functions === undefined && listed ? { functions: listed.split(',').filter(Boolean) } : {}),
    slos,
  };
}

/**
 * Reads OpenSLO v1 into resolved SLOs, ready for the generators.
 *
 * @example
 * ```ts
 * import { availability, defineSlos, fromOpenSlo, toOpenSloYaml } from '@faasade/slo';
 * const set = defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * fromOpenSlo(toOpenSloYaml(set)); // equal to set
 * ```
 */
export function fromOpenSlo(input: string | unknown, options: OpenSloOptions = {}): SloSet {
  return defineSlos(openSloToConfig(input, options));
}
