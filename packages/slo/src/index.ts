/**
 * @faasade/slo: service level objectives as code. Declare objectives beside the functions they
 * judge, and generate from them Prometheus recording rules and multiwindow burn-rate alerts
 * (with promtool unit tests), OpenSLO, and each cloud's native alerts.
 */
export {
  ALERT_WINDOWS,
  type AlertWindow,
  DEFAULT_LABELS,
  DEFAULT_SLO_WINDOW,
  DURATION_BUCKETS_SECONDS,
  OTEL_METRICS,
  PROMETHEUS_METRICS,
  SLO_WINDOWS,
  type SloWindow,
  windowSeconds,
} from './constants';
export {
  InvalidBudgetInputError,
  InvalidDurationError,
  InvalidObjectiveError,
  InvalidOpenSloError,
  InvalidSloConfigError,
  InvalidWindowError,
  LatencyThresholdNotABucketError,
  SloError,
  UnsupportedByCloudError,
} from './errors';
export { availability, coldStarts, latency, processingSuccess } from './objective/objectives';
export { defineSlos, judgedFunctions, type SloConfig } from './objective/define';
export { parseAlertWindow, parseSloWindow } from './objective/duration';
export { sloTitle } from './objective/describe';
export type {
  AwsTarget,
  AzureTarget,
  GcpTarget,
  LatencyObjectiveDeclaration,
  ObjectiveDeclaration,
  ObjectiveOptions,
  RatioObjectiveDeclaration,
  Sli,
  SliKind,
  Slo,
  SloLabels,
  SloSet,
} from './objective/types';
export {
  type BurnRateAlert,
  type BurnRateWindowPair,
  burnRateAlerts,
  burnRateThreshold,
  MULTIWINDOW_POLICY,
  type Severity,
} from './burn-rate/policy';
export {
  type BudgetStatus,
  budgetFromCounts,
  budgetFromRatios,
  type CountBudgetInput,
  type CountedBudgetStatus,
  type EventCounts,
  type RatioBudgetInput,
} from './budget/budget';
export { formatDuration } from './budget/format';
export { alertName, CURRENT_BURN_WINDOW, RECORDED } from './prometheus/names';
export {
  type AlertingRule,
  type PrometheusRuleFile,
  prometheusRuleGroup,
  prometheusRules,
  type RecordingRule,
  type RuleGroup,
} from './prometheus/rules';
export { type PromtoolTest, type PromtoolTestFile, promtoolTests } from './prometheus/unit-tests';
export { toOpenSlo, toOpenSloYaml } from './openslo/emit';
export { fromOpenSlo, type OpenSloOptions, openSloToConfig } from './openslo/parse';
export type { OpenSloDocument } from './openslo/types';
export { type CloudWatchAlarmTemplate, cloudWatchAlarms } from './clouds/aws';
export { type AzureAlertTemplate, azureAlertRules, azureBurnRateAlerts } from './clouds/azure';
export { type GcpMonitoring, gcpMonitoring } from './clouds/gcp';
export { type GcpTerraform, gcpTerraform } from './clouds/gcp-terraform';
export { GENERATED_PATHS, renderSloFiles, sloWarnings } from './generate/files';
