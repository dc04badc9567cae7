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
export function formatEmf(metrics: ResourceMetrics, namespace: string, now: number = Date.now()): string[] {
  const groups = new Map<string, Group>();
  let timestamp: number | undefined;
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
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
          unit: cloudWatchUnit(metric),
          values,
        });
      }
    }
  }
  const chunks = [...groups.values()].flatMap(chunksOf);
  return packLines(chunks).map((line) =>
    JSON.stringify({
      _aws: {
        Timestamp: timestamp ?? now,
        CloudWatchMetrics: line.directives.map((d) => ({ Namespace: namespace, ...d })),
      },
      ...line.members,
      ...line.values,
    }),
  );
}

/** How an attribute set splits into dimensions and properties, and its identity. */
interface Split {
  id: string;
  dimensions: Record<string, string>;
  properties: Record<string, string>;
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
  split = { id: JSON.stringify(keys.map((k) => [k, attributes[k]])), dimensions: {}, properties: {} };
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
  splits.set(attributes, split);
  return split;
}

function groupFor(groups: Map<string, Group>, attributes: Attributes): Group {
  const split = splitOf(attributes);
  let group = groups.get(split.id);
  if (!group)
    groups.set(
      split.id,
      (group = { dimensions: split.dimensions, properties: split.properties, series: [] }),
    );
  return group;
}

/** One directive's worth of an attribute set: at most 100 metrics, 100 values each. */
interface Chunk {
  members: Record<string, string>;
  directive: { Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> };
  values: Record<string, number | number[]>;
}

function chunksOf(group: Group): Chunk[] {
  const names = new Set(group.series.map((s) => s.name));
  const clash = (key: string) => names.has(key) || key === '_aws';
  const own = (record: Record<string, string>) =>
    Object.keys(record).some(clash)
      ? Object.fromEntries(Object.entries(record).filter(([k]) => !clash(k)))
      : record;
  const dimensions = own(group.dimensions);
  const members = { ...own(group.properties), ...dimensions };
  const dimensionSet = [Object.keys(dimensions)];
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
