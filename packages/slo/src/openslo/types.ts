/** The OpenSLO v1 shapes faasade reads and writes (the parts of the specification it uses). */

export const OPENSLO_API_VERSION = 'openslo/v1';

/** Annotations faasade adds to carry what OpenSLO has no field for. */
export const ANNOTATIONS = {
  sli: 'faasade.dev/sli',
  runbookUrl: 'faasade.dev/runbook-url',
  functions: 'faasade.dev/functions',
  functionLabel: 'faasade.dev/function-label',
  cloudLabel: 'faasade.dev/cloud-label',
} as const;

export interface OpenSloMetadata {
  name: string;
  displayName?: string;
  labels?: Record<string, string | string[]>;
  annotations?: Record<string, string>;
}

export interface OpenSloMetricSource {
  metricSourceRef?: string;
  type?: string;
  spec: { query?: string; [key: string]: unknown };
}

export interface OpenSloRatioMetric {
  counter?: boolean;
  good?: { metricSource: OpenSloMetricSource };
  bad?: { metricSource: OpenSloMetricSource };
  total?: { metricSource: OpenSloMetricSource };
  raw?: unknown;
}

export interface OpenSloIndicator {
  metadata: OpenSloMetadata;
  spec: { description?: string; ratioMetric?: OpenSloRatioMetric; thresholdMetric?: unknown };
}

export interface OpenSloSlo {
  apiVersion: typeof OPENSLO_API_VERSION;
  kind: 'SLO';
  metadata: OpenSloMetadata;
  spec: {
    description?: string;
    service: string;
    indicator?: OpenSloIndicator;
    indicatorRef?: string;
    timeWindow: { duration: string; isRolling?: boolean; calendar?: unknown }[];
    budgetingMethod: 'Occurrences' | 'Timeslices' | 'RatioTimeslices';
    objectives: { displayName?: string; target?: number; targetPercent?: number; [key: string]: unknown }[];
    alertPolicies?: unknown[];
  };
}

export interface OpenSloService {
  apiVersion: typeof OPENSLO_API_VERSION;
  kind: 'Service';
  metadata: OpenSloMetadata;
  spec: { description?: string };
}

export interface OpenSloSli {
  apiVersion: typeof OPENSLO_API_VERSION;
  kind: 'SLI';
  metadata: OpenSloMetadata;
  spec: OpenSloIndicator['spec'];
}

export type OpenSloDocument = OpenSloSlo | OpenSloService | OpenSloSli;
