/** One EMF line, parsed. */
export interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit?: string }>;
    }>;
  };
  [member: string]: unknown;
}

const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);

/**
 * Parses a line and checks it against the EMF specification; throws with the broken rule. Used
 * by these tests and by the adapters' contract tests.
 */
export function parseEmfLine(line: string): EmfDocument {
  const doc = JSON.parse(line) as EmfDocument;
  const fail = (rule: string) => {
    throw new Error(`invalid EMF (${rule}): ${line.slice(0, 300)}`);
  };
  if (typeof doc._aws !== 'object' || doc._aws === null) fail('_aws metadata object required');
  if (!Number.isInteger(doc._aws.Timestamp) || doc._aws.Timestamp < 1e12)
    fail('Timestamp must be epoch milliseconds');
  if (!Array.isArray(doc._aws.CloudWatchMetrics) || doc._aws.CloudWatchMetrics.length === 0)
    fail('CloudWatchMetrics required');
  for (const directive of doc._aws.CloudWatchMetrics) {
    if (!/^[a-zA-Z0-9._#:/-]{1,255}$/.test(directive.Namespace)) fail('Namespace');
    if (!Array.isArray(directive.Dimensions)) fail('Dimensions must be an array of dimension sets');
    for (const set of directive.Dimensions) {
      if (set.length > 30) fail('at most 30 dimension keys per set');
      for (const key of set)
        if (typeof doc[key] !== 'string') fail(`dimension ${key} must be a string member`);
    }
    if (directive.Metrics.length > 100) fail('at most 100 metrics per directive');
    for (const metric of directive.Metrics) {
      const value = doc[metric.Name];
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0 || values.length > 100) fail(`metric ${metric.Name} needs 1 to 100 values`);
      if (!values.every((v) => typeof v === 'number' && Number.isFinite(v)))
        fail(`metric ${metric.Name} values must be numbers`);
      if (metric.Unit !== undefined && !UNITS.has(metric.Unit)) fail(`unit ${metric.Unit}`);
    }
  }
  return doc;
}

/** The value(s) of a metric across lines, with the dimensions of the directive that declared it. */
export function emfSamples(
  docs: EmfDocument[],
  name: string,
): Array<{ values: number[]; dimensions: Record<string, string>; unit?: string }> {
  const samples: Array<{ values: number[]; dimensions: Record<string, string>; unit?: string }> = [];
  for (const doc of docs) {
    for (const directive of doc._aws.CloudWatchMetrics) {
      const definition = directive.Metrics.find((m) => m.Name === name);
      if (!definition) continue;
      const value = doc[name];
      const dimensions = Object.fromEntries(directive.Dimensions[0].map((k) => [k, doc[k] as string]));
      samples.push({
        values: Array.isArray(value) ? (value as number[]) : [value as number],
        dimensions,
        unit: definition.Unit,
      });
    }
  }
  return samples;
}

/**
 * The metrics CloudWatch makes of EMF documents: one per metric and dimension set (a directive
 * with two sets publishes each value twice), each named by its dimensions' values.
 *
 * @example
 * ```ts
 * cloudWatchMetrics(docs).filter((m) => m.name === 'faas.invocations' && m.key === 'faas.name=getOrder');
 * ```
 */
export function cloudWatchMetrics(
  docs: EmfDocument[],
): Array<{ name: string; key: string; values: number[]; namespace: string }> {
  const out: Array<{ name: string; key: string; values: number[]; namespace: string }> = [];
  for (const doc of docs) {
    for (const directive of doc._aws.CloudWatchMetrics) {
      for (const set of directive.Dimensions) {
        const key = set.map((k) => `${k}=${String(doc[k])}`).join(',');
        for (const metric of directive.Metrics) {
          const value = doc[metric.Name];
          out.push({
            name: metric.Name,
            key,
            namespace: directive.Namespace,
            values: Array.isArray(value) ? (value as number[]) : [value as number],
          });
        }
      }
    }
  }
  return out;
}
