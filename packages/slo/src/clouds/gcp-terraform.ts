import { windowSeconds } from '../constants';
import type { SloSet } from '../objective/types';
import { type GcpEntry, gcpEntries } from './gcp';

/** Terraform JSON (`*.tf.json`) with the custom service, the SLOs and the burn-rate alert policies. */
export interface GcpTerraform {
  variable: Record<string, { type: string; default: unknown[]; description: string }>;
  resource: {
    google_monitoring_custom_service: Record<string, Record<string, unknown>>;
    google_monitoring_slo: Record<string, Record<string, unknown>>;
    google_monitoring_alert_policy: Record<string, Record<string, unknown>>;
  };
}

const address = (id: string) => id.replace(/-/g, '_');

function sloResource(set: SloSet, entry: GcpEntry): Record<string, unknown> {
  const { objective } = entry;
  const sli = objective.serviceLevelIndicator.requestBased;
  return {
    service: `\${google_monitoring_custom_service.${address(set.service)}.service_id}`,
    slo_id: objective.serviceLevelObjectiveId,
    display_name: objective.displayName,
    goal: objective.goal,
    rolling_period_days: windowSeconds(entry.slo.window) / 86_400,
    request_based_sli:
      'distributionCut' in sli
        ? {
            distribution_cut: {
              distribution_filter: sli.distributionCut.distributionFilter,
              range: { max: sli.distributionCut.range.max },
            },
          }
        : {
            good_total_ratio: {
              bad_service_filter: sli.goodTotalRatio.badServiceFilter,
              total_service_filter: sli.goodTotalRatio.totalServiceFilter,
            },
          },
    user_labels: objective.userLabels,
  };
}

/**
 * The Cloud Monitoring definitions of {@link gcpMonitoring} as Terraform JSON, for
 * `terraform apply` beside the rest of the deploy config. Notification channels are variables.
 *
 * @example
 * ```ts
 * import { availability, defineSlos, gcpTerraform } from '@faasade/slo';
 * const set = defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * Object.keys(gcpTerraform(set).resource.google_monitoring_alert_policy).length; // 4
 * ```
 */
export function gcpTerraform(set: SloSet): GcpTerraform {
  const entries = gcpEntries(set, (id) => `\${google_monitoring_slo.${address(id)}.name}`);
  const channels = (severity: string) => ({
    type: 'list(string)',
    default: [],
    description: `Notification channels the ${severity} alerts of ${set.service}'s SLOs notify`,
  });
  return {
    variable: {
      slo_page_notification_channels: channels('page'),
      slo_ticket_notification_channels: channels('ticket'),
    },
    resource: {
      google_monitoring_custom_service: {
        [address(set.service)]: { service_id: set.service, display_name: set.service },
      },
      google_monitoring_slo: Object.fromEntries(
        entries.map((entry) => [address(entry.objective.serviceLevelObjectiveId), sloResource(set, entry)]),
      ),
      google_monitoring_alert_policy: Object.fromEntries(
        entries.flatMap((entry) =>
          entry.policies.map((policy, index) => {
            const pair = entry.pairs[index];
            return [
              address(`${entry.objective.serviceLevelObjectiveId}-${pair.severity}-${pair.longWindow}`),
              {
                display_name: policy.displayName,
                combiner: policy.combiner,
                severity: policy.severity,
                conditions: policy.conditions.map((condition) => ({
                  display_name: condition.displayName,
                  condition_threshold: {
                    filter: condition.conditionThreshold.filter,
                    comparison: condition.conditionThreshold.comparison,
                    threshold_value: condition.conditionThreshold.thresholdValue,
                    duration: condition.conditionThreshold.duration,
                  },
                })),
                documentation: {
                  content: policy.documentation.content,
                  mime_type: policy.documentation.mimeType,
                },
                user_labels: policy.userLabels,
                notification_channels: `\${var.slo_${pair.severity}_notification_channels}`,
              },
            ];
          }),
        ),
      ),
    },
  };
}
