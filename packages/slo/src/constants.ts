/**
 * The names the SLO rules read. They are what the OpenTelemetry FaaS metrics recorded by
 * `@faasade/core/telemetry` become after the OTLP → Prometheus translation (dots to underscores,
 * the unit as a suffix, `_total` on counters).
 */
export const PROMETHEUS_METRICS = {
  /** Every invocation, whatever its outcome. */
  invocations: 'faas_invocations_total',
  /** Invocations that failed: a thrown error or a 5xx response. A 4xx is the caller's fault and is not counted. */
  errors: 'faas_errors_total',
  /** Invocations that started a new instance. */
  coldStarts: 'faas_coldstarts_total',
  /** The `faas.invoke_duration` histogram, in seconds: its cumulative buckets… */
  durationBucket: 'faas_invoke_duration_seconds_bucket',
  /** …and its count, which equals the `+Inf` bucket. */
  durationCount: 'faas_invoke_duration_seconds_count',
} as const;

/** The same metrics under their OpenTelemetry names, as CloudWatch EMF, Application Insights and Cloud Monitoring see them. */
export const OTEL_METRICS = {
  invocations: 'faas.invocations',
  errors: 'faas.errors',
  coldStarts: 'faas.coldstarts',
  duration: 'faas.invoke_duration',
} as const;

/** The Prometheus label names that carry the function and the cloud, unless configured otherwise. */
export const DEFAULT_LABELS = { function: 'faas_name', cloud: 'cloud_provider' } as const;

/**
 * The bucket boundaries (seconds) of the `faas.invoke_duration` histogram. A latency objective can
 * only be computed exactly at one of these: between two boundaries the histogram cannot tell how
 * many requests were under the threshold.
 */
export const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** The rolling windows an objective can be evaluated over; 30 days unless the objective says otherwise. */
export const SLO_WINDOWS = ['30d', '28d', '7d'] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];
export const DEFAULT_SLO_WINDOW: SloWindow = '30d';

/** The windows the error ratio is recorded over: the short and long windows of the burn-rate alerts. */
export const ALERT_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type AlertWindow = (typeof ALERT_WINDOWS)[number];

const SECONDS: Record<AlertWindow | SloWindow, number> = {
  '5m': 300,
  '30m': 1_800,
  '1h': 3_600,
  '2h': 7_200,
  '6h': 21_600,
  '1d': 86_400,
  '3d': 259_200,
  '7d': 604_800,
  '28d': 2_419_200,
  '30d': 2_592_000,
};

/** The length of a window in seconds. */
export function windowSeconds(window: AlertWindow | SloWindow): number {
  return SECONDS[window];
}
