import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { InvocationInfo } from '../../context/observer';
import { ATTR, CLOUD_PROVIDER, DURATION_BUCKETS_S, FAAS_METRIC, OUTCOME_ATTR } from '../semconv';

/** How an invocation ended, as the `faasade.outcome` attribute says it. */
export type Outcome = 'success' | 'error' | 'timeout';

/**
 * The FaaS metrics of the semantic conventions, recorded for every invocation.
 *
 * `faas.invocations` counts every invocation, whatever its outcome (semconv's description says
 * "successful", but then no ratio could be formed from it; AWS, Azure and GCP all count every
 * invocation too). `faas.errors` counts errors and timeouts, `faas.timeouts` timeouts only, so an
 * availability SLO is `faas_errors_total / faas_invocations_total`.
 */
export class FaasMetrics {
  private readonly invocations: Counter;
  private readonly errors: Counter;
  private readonly timeouts: Counter;
  private readonly coldstarts: Counter;
  private readonly invokeDuration: Histogram;
  private readonly initDuration: Histogram;
  private readonly outcomeAttributes = new WeakMap<Attributes, Map<Outcome, Attributes>>();
  private readonly baseAttributes = new Map<string, Attributes>();

  constructor(meter: Meter) {
    const counter = (m: { name: string; unit: string }, description: string) =>
      meter.createCounter(m.name, { unit: m.unit, description });
    const histogram = (m: { name: string; unit: string }, description: string) =>
      meter.createHistogram(m.name, {
        unit: m.unit,
        description,
        advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
      });
    this.invocations = counter(FAAS_METRIC.invocations, 'Number of invocations, by outcome');
    this.errors = counter(FAAS_METRIC.errors, 'Number of invocation errors (timeouts included)');
    this.timeouts = counter(FAAS_METRIC.timeouts, 'Number of invocation timeouts');
    this.coldstarts = counter(FAAS_METRIC.coldstarts, 'Number of invocation cold starts');
    this.invokeDuration = histogram(FAAS_METRIC.invokeDuration, "Duration of the function's logic execution");
    this.initDuration = histogram(
      FAAS_METRIC.initDuration,
      "Duration of the function's initialization, such as a cold start",
    );
  }

  /** Attributes shared by every FaaS metric of an invocation; one object per function. */
  attributes(info: InvocationInfo): Attributes {
    const key = `${info.trigger}\u0000${info.functionName}\u0000${info.cloud}`;
    let attributes = this.baseAttributes.get(key);
    if (!attributes) {
      attributes = { [ATTR.faasTrigger]: info.trigger, [ATTR.faasName]: info.functionName };
      if (info.cloud !== 'local') attributes[ATTR.cloudProvider] = CLOUD_PROVIDER[info.cloud];
      this.baseAttributes.set(key, attributes);
    }
    return attributes;
  }

  started(info: InvocationInfo, attributes: Attributes): void {
    if (info.coldStart) this.coldstarts.add(1, attributes);
  }

  ended(attributes: Attributes, outcome: Outcome, durationS: number): void {
    const withOutcome = this.withOutcome(attributes, outcome);
    this.invocations.add(1, withOutcome);
    if (outcome !== 'success') this.errors.add(1, withOutcome);
    if (outcome === 'timeout') this.timeouts.add(1, withOutcome);
    this.invokeDuration.record(durationS, withOutcome);
  }

  /**
   * The same attribute object for the same function and outcome, every invocation: the SDK hashes
   * attributes on each record, and building a fresh object each time only feeds the GC.
   */
  private withOutcome(attributes: Attributes, outcome: Outcome): Attributes {
    let byOutcome = this.outcomeAttributes.get(attributes);
    if (!byOutcome) this.outcomeAttributes.set(attributes, (byOutcome = new Map()));
    let result = byOutcome.get(outcome);
    if (!result) byOutcome.set(outcome, (result = { ...attributes, [OUTCOME_ATTR]: outcome }));
    return result;
  }

  init(attributes: Attributes, durationS: number): void {
    this.initDuration.record(durationS, attributes);
  }
}
