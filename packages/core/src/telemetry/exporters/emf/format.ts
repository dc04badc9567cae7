import type { Attributes, HrTime } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { cloudWatchUnit, valuesOf } from './samples';

/** EMF limits (CloudWatch's specification and its reference libraries). */
export const EMF_LIMITS = {
  dimensionsPerSet: 30,
  metricsPerLine: 100,
  valuesPerMetric: 100,
  dimensionValueLength: 1024,
};

/** One metric's values on one attribute set. */
interface Series {
  name: string;
  unit: string;
  values: number[];
}

/** Metrics that share one attribute set share a line: EMF dimensions are the line's own keys. */
interface Group {
  split: Split;
  dimensions: Record<string, string>;
  properties: Record<string, string>;
  series: Series[];
}

/**
 * Turns one collection into EMF JSON lines. Each distinct attribute set is one metric directive
 * (its attributes are the dimensions), with at most 100 metrics and 100 values per metric, split
 * further when bigger. Directives whose attributes agree share a line, so the usual flush (the
 * FaaS metrics plus a few custom ones) is one log event, not one per attribute set. Attributes
 * beyond 30, empty or non-ASCII ones, or any named like a metric stay as plain properties.
 */
/**
 * The dimension sets every directive gets besides its full one, by default: `[faas.name]`, so
 * that CloudWatch has each function's metrics summed over every outcome, trigger and cloud (a
 * CloudWatch query matches a metric's dimensions exactly; the SLO alarms of `@faasade/slo` ask
 * for `faas.invocations{faas.name}`).
 */
export const DEFAULT_ROLLUPS: readonly (readonly string[])[] = [['faas.name']];

export function formatEmf(
  metrics: ResourceMetrics,
  namespace: string,
  now: number = Date.now(),
  /** Off only to compare the fast single-line path with the general one (tests). */
  singleLineFastPath = true,
  /** Extra dimension sets, each added to a directive whose dimensions hold all its keys. */
  rollups: readonly (readonly string[])[] = DEFAULT_ROLLUPS,
): string[] {
  const groups = new Map<string, Group>();
  let timestamp: number | undefined;
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      let unit: string | undefined;
      for (const point of metric.dataPoints as Array<{
        attributes: Attributes;
        endTime: HrTime;
        value: unknown;
      }>) {
        const values = valuesOf(metric, point.value);
        if (values.length === 0) continue;
        timestamp ??= hrTimeToMs(point.endTime);
        groupFor(groups, point.attributes).series.push({
          name: metric.descriptor.name,
          unit: (unit ??= cloudWatchUnit(metric)),
          values,
        });
      }
    }
  }
  const stamp = timestamp ?? now;
  const single = singleLineFastPath ? singleLine(groups, namespace, stamp, rollups) : undefined;
  if (single !== undefined) return single === '' ? [] : [single];
  const chunks = [...groups.values()].flatMap((group) => chunksOf(group, rollups));
  return packLines(chunks).map((line) =>
    JSON.stringify({
      _aws: {
        Timestamp: stamp,
        CloudWatchMetrics: line.directives.map((d) => ({ Namespace: namespace, ...d })),
      },
      ...line.members,
      ...line.values,
    }),
  );
}

/**
 * The usual flush (a few metrics on a few attribute sets that agree with one another, one value
 * each) as one line, written from cached JSON fragments instead of building and stringifying the
 * document. `undefined` when the flush needs the general path: more than 100 metrics or values,
 * a metric on two attribute sets, attribute sets that disagree, or a member named like a metric.
 * The line says the same as the general path's would.
 */
function singleLine(
  groups: Map<string, Group>,
  namespace: string,
  timestamp: number,
  rollups: readonly (readonly string[])[],
): string | undefined {
  if (groups.size === 0) return '';
  let metricCount = 0;
  const names = new Set<string>();
  const members = new Map<string, string>();
  for (const group of groups.values()) {
    for (const series of group.series) {
      if (series.values.length > EMF_LIMITS.valuesPerMetric || names.has(series.name)) return undefined;
      names.add(series.name);
    }
    metricCount += group.series.length;
    for (const [key, value] of group.split.entries) {
      const seen = members.get(key);
      if (seen !== undefined && seen !== value) return undefined;
      members.set(key, value);
    }
  }
  if (metricCount > EMF_LIMITS.metricsPerLine || names.has('_aws') || members.has('_aws')) return undefined;
  for (const key of members.keys()) if (names.has(key)) return undefined;
  const ns = JSON.stringify(namespace);
  let directives = '';
  let memberJson = '';
  let valueJson = '';
  const written = new Set<string>();
  for (const group of groups.values()) {
    let metricsJson = '';
    for (const series of group.series) {
      const name = quoted(series.name);
      metricsJson += `${metricsJson === '' ? '' : ','}{"Name":${name},"Unit":${quoted(series.unit)}}`;
      valueJson += `,${name}:${series.values.length === 1 ? numberJson(series.values[0]) : `[${series.values.map(numberJson).join(',')}]`}`;
    }
    directives += `${directives === '' ? '' : ','}{"Namespace":${ns},"Dimensions":${dimensionSetsJson(group.split, rollups)},"Metrics":[${metricsJson}]}`;
    for (const [key, fragment] of group.split.fragments) {
      if (written.has(key)) continue;
      written.add(key);
      memberJson += `,${fragment}`;
    }
  }
  return `{"_aws":{"Timestamp":${timestamp},"CloudWatchMetrics":[${directives}]}${memberJson}${valueJson}}`;
}

/** JSON of a finite number (what `JSON.stringify` writes; non-finite values never get here). */
function numberJson(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

const quotedCache = new Map<string, string>();

/** `JSON.stringify` of a metric name or unit, cached: the same few are written at every flush. */
function quoted(text: string): string {
  let json = quotedCache.get(text);
  if (json === undefined) {
    json = JSON.stringify(text);
    if (quotedCache.size < 10_000) quotedCache.set(text, json);
  }
  return json;
}

/** How an attribute set splits into dimensions and properties, and its identity. */
interface Split {
  id: string;
  dimensions: Record<string, string>;
  properties: Record<string, string>;
  /** Every member (properties, then dimensions) as `[key, value]`. */
  entries: Array<[string, string]>;
  /** Every member as `[key, '"key":"value"']`, for the single-line path. */
  fragments: Array<[string, string]>;
  /** The dimension sets as JSON, rollups included (`[["k1","k2"],["k1"]]`), per rollup list. */
  setsJson: WeakMap<readonly (readonly string[])[], string>;
}

/**
 * Splits are cached per attribute object: the SDK hands back the very objects that were recorded,
 * and the FaaS metrics record the same few objects on every invocation.
 */
const splits = new WeakMap<Attributes, Split>();

function splitOf(attributes: Attributes): Split {
  let split = splits.get(attributes);
  if (split) return split;
  const keys = Object.keys(attributes).sort();
  split = {
    id: JSON.stringify(keys.map((k) => [k, attributes[k]])),
    dimensions: {},
    properties: {},
    entries: [],
    fragments: [],
    setsJson: new WeakMap(),
  };
  let dimensionCount = 0;
  for (const key of keys) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const dimensionOk =
      dimensionCount < EMF_LIMITS.dimensionsPerSet &&
      text.length > 0 &&
      text.length <= EMF_LIMITS.dimensionValueLength &&
      /^[\x20-\x7e]+$/.test(text);
    if (dimensionOk) dimensionCount += 1;
    (dimensionOk ? split.dimensions : split.properties)[key] = text;
  }
  const members = { ...split.properties, ...split.dimensions };
  split.entries = Object.entries(members);
  split.fragments = split.entries.map(([key, value]) => [
    key,
    `${JSON.stringify(key)}:${JSON.stringify(value)}`,
  ]);
  splits.set(attributes, split);
  return split;
}

/** A directive's dimension sets: the full set, then each rollup whose keys it all has. */
export function dimensionSets(keys: readonly string[], rollups: readonly (readonly string[])[]): string[][] {
  const sets = [[...keys]];
  for (const rollup of rollups) {
    if (rollup.length >= keys.length || !rollup.every((k) => keys.includes(k))) continue;
    if (sets.some((set) => set.length === rollup.length && set.every((k, i) => k === rollup[i]))) continue;
    sets.push([...rollup]);
  }
  return sets;
}

function dimensionSetsJson(split: Split, rollups: readonly (readonly string[])[]): string {
  let json = split.setsJson.get(rollups);
  if (json === undefined) {
    json = JSON.stringify(dimensionSets(Object.keys(split.dimensions), rollups));
    split.setsJson.set(rollups, json);
  }
  return json;
}

function groupFor(groups: Map<string, Group>, attributes: Attributes): Group {
  const split = splitOf(attributes);
  let group = groups.get(split.id);
  if (!group)
    groups.set(
      split.id,
      (group = { split, dimensions: split.dimensions, properties: split.properties, series: [] }),
    );
  return group;
}

/** One directive's worth of an attribute set: at most 100 metrics, 100 values each. */
interface Chunk {
  members: Record<string, string>;
  directive: { Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> };
  values: Record<string, number | number[]>;
}

function chunksOf(group: Group, rollups: readonly (readonly string[])[]): Chunk[] {
  const names = new Set(group.series.map((s) => s.name));
  const clash = (key: string) => names.has(key) || key === '_aws';
  const own = (record: Record<string, string>) =>
    Object.keys(record).some(clash)
      ? Object.fromEntries(Object.entries(record).filter(([k]) => !clash(k)))
      : record;
  const dimensions = own(group.dimensions);
  const members = { ...own(group.properties), ...dimensions };
  const dimensionSet = dimensionSets(Object.keys(dimensions), rollups);
  const chunks: Chunk[] = [];
  // Each pass takes up to 100 values from up to 100 metrics; metrics with more values come back.
  let pending = group.series.map((s) => ({ ...s, offset: 0 }));
  while (pending.length > 0) {
    const batch = pending.slice(0, EMF_LIMITS.metricsPerLine);
    const values: Record<string, number | number[]> = {};
    for (const s of batch) {
      const slice =
        s.values.length === 1 ? s.values : s.values.slice(s.offset, s.offset + EMF_LIMITS.valuesPerMetric);
      values[s.name] = slice.length === 1 ? slice[0] : slice;
      s.offset += slice.length;
    }
    chunks.push({
      members,
      directive: { Dimensions: dimensionSet, Metrics: batch.map((s) => ({ Name: s.name, Unit: s.unit })) },
      values,
    });
    pending =
      pending.length > EMF_LIMITS.metricsPerLine || batch.some((s) => s.offset < s.values.length)
        ? [...pending.slice(EMF_LIMITS.metricsPerLine), ...batch.filter((s) => s.offset < s.values.length)]
        : [];
  }
  return chunks;
}

interface Line {
  members: Record<string, string>;
  values: Record<string, number | number[]>;
  directives: Chunk['directive'][];
  metricCount: number;
}

/** Puts each chunk on the first line whose members and metrics it does not contradict. */
function packLines(chunks: Chunk[]): Line[] {
  const lines: Line[] = [];
  for (const chunk of chunks) {
    const count = chunk.directive.Metrics.length;
    const fits = (line: Line) =>
      line.metricCount + count <= EMF_LIMITS.metricsPerLine &&
      Object.keys(chunk.values).every((name) => !(name in line.values) && !(name in line.members)) &&
      Object.entries(chunk.members).every(
        ([key, value]) => !(key in line.values) && (line.members[key] ?? value) === value,
      );
    const line = lines.find(fits);
    if (line) {
      Object.assign(line.members, chunk.members);
      Object.assign(line.values, chunk.values);
      line.directives.push(chunk.directive);
      line.metricCount += count;
    } else {
      lines.push({
        members: { ...chunk.members },
        values: { ...chunk.values },
        directives: [chunk.directive],
        metricCount: count,
      });
    }
  }
  return lines;
}

function hrTimeToMs(time: HrTime): number {
  return Math.round(time[0] * 1000 + time[1] / 1e6);
}
