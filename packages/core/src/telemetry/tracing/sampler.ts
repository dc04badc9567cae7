import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { DiagnosticHandler } from '../diagnostics';

/** A sampler, and whether it is the default (parent-based always-on), which needs no call to decide. */
export interface ResolvedSampler {
  sampler: Sampler;
  parentBasedAlwaysOn: boolean;
}

/** The sampler given in code, else the one the environment names. */
export function resolveSampler(
  given: Sampler | undefined,
  env: Readonly<Record<string, string | undefined>>,
  report: DiagnosticHandler,
): ResolvedSampler {
  if (given) return { sampler: given, parentBasedAlwaysOn: false };
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  return {
    sampler: samplerFromEnv(env, report),
    parentBasedAlwaysOn: !name || name === 'parentbased_always_on' || !KNOWN.has(name),
  };
}

const KNOWN = new Set([
  'always_on',
  'always_off',
  'parentbased_always_on',
  'parentbased_always_off',
  'traceidratio',
  'parentbased_traceidratio',
]);

/**
 * The sampler named by `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, as the SDK builds it
 * (parent-based always-on by default). Built here rather than left to the tracer provider so that
 * the invocation span and the tracer agree on one sampler, read from the telemetry's environment.
 */
export function samplerFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  report: DiagnosticHandler,
): Sampler {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() || 'parentbased_always_on';
  const ratio = () => {
    const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim();
    if (!raw) return 1;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= 0 && value <= 1) return value;
    report({ level: 'warn', message: `OTEL_TRACES_SAMPLER_ARG=${raw} is not a ratio in [0, 1]; 1 is used` });
    return 1;
  };
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio());
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) });
    default:
      report({
        level: 'warn',
        message: `OTEL_TRACES_SAMPLER=${name} is not a known sampler; parentbased_always_on is used`,
      });
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
