import type { SloWindow } from '../constants';

/** What an objective measures. `processingSuccess` is availability for queue functions. */
export type SliKind = 'availability' | 'processingSuccess' | 'latency' | 'coldStarts';

/** Options every objective accepts. */
export interface ObjectiveOptions {
  /** The rolling window the objective is judged over; the config's window (30 days by default) otherwise. */
  window?: SloWindow;
  /** A name for the SLO (lowercase letters, digits and dashes); derived from the function and the kind otherwise. */
  name?: string;
  /** One line for humans: what a breach means for users. */
  description?: string;
  /** The runbook of this objective's alerts, instead of the config's `runbookUrl` template. */
  runbookUrl?: string;
}

/** An availability-like objective: the share of invocations that did not fail (5xx or thrown). */
export interface RatioObjectiveDeclaration extends ObjectiveOptions {
  kind: 'availability' | 'processingSuccess' | 'coldStarts';
  /** The share of good events, such as 0.999. */
  objective: number;
}

/** A latency objective: the share of invocations that completed within a duration bucket boundary. */
export interface LatencyObjectiveDeclaration extends ObjectiveOptions {
  kind: 'latency';
  /** The threshold: `'1s'`, `'250ms'`, or seconds as a number; must be a histogram bucket boundary. */
  under: string | number;
  objective: number;
}

/** One objective as declared, in code or as plain data in a JSON config. */
export type ObjectiveDeclaration = RatioObjectiveDeclaration | LatencyObjectiveDeclaration;

/** The indicator an SLO judges, resolved. */
export type Sli =
  | { kind: 'availability' | 'processingSuccess' | 'coldStarts' }
  | { kind: 'latency'; thresholdSeconds: number };

/** One resolved SLO: one objective applied to one function (or to every function, `'*'`). */
export interface Slo {
  /** Unique within the set; the `slo` label of every generated series and alert. */
  id: string;
  service: string;
  /** The function judged, or `'*'` for every function. */
  function: string;
  /** For `'*'`: the functions that declare their own objective of the same kind and are judged by that one instead. */
  excludedFunctions: readonly string[];
  sli: Sli;
  /** The target share of good events, in (0, 1). */
  objective: number;
  window: SloWindow;
  description: string;
  /** Where the on-call engineer goes when an alert of this SLO fires. */
  runbookUrl: string;
}

/** The Prometheus labels that carry the function name and the cloud. */
export interface SloLabels {
  function: string;
  cloud: string;
}

/** Where the AWS alarms find the EMF metrics. */
export interface AwsTarget {
  /** The EMF namespace the telemetry writes to; default the service (the EMF exporter's default too). */
  namespace: string;
  /** The EMF dimension that holds the function name. */
  functionDimension: string;
  /** Further dimensions the EMF lines carry with fixed values (CloudWatch matches the exact dimension set). */
  extraDimensions: Readonly<Record<string, string>>;
  /** The unit `faas.invoke_duration` is recorded in on AWS. */
  durationUnit: 'Seconds' | 'Milliseconds';
}

/** Where the Azure alert rules find the Application Insights telemetry. */
export interface AzureTarget {
  /** The `customDimensions` key that holds the function name. */
  functionDimension: string;
}

/** Where the Cloud Monitoring SLOs find the metrics. */
export interface GcpTarget {
  /** Prefix of the metric types the OpenTelemetry exporter writes, ending in `/`. */
  metricPrefix: string;
  /** The metric label that holds the function name. */
  functionLabel: string;
  /** The monitored resource the metrics are written against (custom metrics from Cloud Run functions land on `generic_task`). */
  resourceType: string;
  /** The project, for the API definitions; Terraform takes it from its provider. Default `${GCP_PROJECT}`, for `envsubst`. */
  project: string;
}

/** The resolved SLOs of one service, ready for every generator. */
export interface SloSet {
  service: string;
  /** Every function of the service: what `'*'` expands to where a cloud needs names. */
  functions: readonly string[];
  labels: SloLabels;
  slos: readonly Slo[];
  aws: AwsTarget;
  azure: AzureTarget;
  gcp: GcpTarget;
}
