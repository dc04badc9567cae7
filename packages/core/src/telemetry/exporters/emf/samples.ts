import type { MetricData } from '@opentelemetry/sdk-metrics';

/** `DataPointType` of the SDK, written out so that EMF loads nothing of the SDK at run time. */
const DataPointType = { HISTOGRAM: 0, EXPONENTIAL_HISTOGRAM: 1, GAUGE: 2, SUM: 3 } as const;

/**
 * EMF carries samples, not aggregates. A histogram with one observation (the usual case with
 * a flush per invocation) is sent exactly; with several, each observation is represented by its
 * bucket's midpoint, clamped to the observed min and max, so CloudWatch percentiles stay within
 * the bucket that holds them.
 */
export function valuesOf(metric: MetricData, value: unknown): number[] {
  switch (metric.dataPointType) {
    case DataPointType.SUM:
    case DataPointType.GAUGE:
      return typeof value === 'number' && Number.isFinite(value) ? [value] : [];
    case DataPointType.HISTOGRAM: {
      const h = value as {
        count: number;
        sum?: number;
        min?: number;
        max?: number;
        buckets: { boundaries: number[]; counts: number[] };
      };
      if (h.count === 0) return [];
      if (h.count === 1 && h.sum !== undefined) return [h.sum];
      const values: number[] = [];
      const { boundaries, counts } = h.buckets;
      const min = h.min ?? Number.NEGATIVE_INFINITY;
      const max = h.max ?? Number.POSITIVE_INFINITY;
      counts.forEach((count, i) => {
        if (count === 0) return;
        const low = Math.max(i === 0 ? min : boundaries[i - 1], min);
        const high = Math.min(i < boundaries.length ? boundaries[i] : max, max);
        const mid =
          Number.isFinite(low) && Number.isFinite(high)
            ? (low + high) / 2
            : Number.isFinite(low)
              ? low
              : high;
        for (let n = 0; n < count; n++) values.push(mid);
      });
      return values.filter(Number.isFinite);
    }
    case DataPointType.EXPONENTIAL_HISTOGRAM: {
      const h = value as { count: number; sum?: number };
      if (h.count === 0 || h.sum === undefined) return [];
      // No bucket bounds are kept here: the mean stands for each observation.
      return new Array(h.count).fill(h.sum / h.count);
    }
    default:
      return [];
  }
}

const KNOWN_UNITS: Record<string, string> = {
  s: 'Seconds',
  ms: 'Milliseconds',
  us: 'Microseconds',
  By: 'Bytes',
  KiBy: 'Kilobytes',
  MiBy: 'Megabytes',
  GiBy: 'Gigabytes',
  bit: 'Bits',
  '%': 'Percent',
  'By/s': 'Bytes/Second',
  '1': 'Count',
};

/** OpenTelemetry (UCUM) units to CloudWatch's; `{thing}` annotations and `1` are counts. */
export function cloudWatchUnit(metric: MetricData): string {
  const unit = metric.descriptor.unit;
  const known = KNOWN_UNITS[unit];
  if (known) return known;
  if (/^\{[^}]*\}$/.test(unit)) return 'Count';
  if (unit === '' && metric.dataPointType === DataPointType.SUM) return 'Count';
  return 'None';
}
