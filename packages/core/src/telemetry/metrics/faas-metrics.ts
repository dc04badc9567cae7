import type { Attributes } from '@opentelemetry/api';
import type { InvocationInfo } from '../../context/observer';
import { ATTR, CLOUD_PROVIDER, DURATION_BUCKETS_S, FAAS_METRIC, OUTCOME_ATTR } from '../semconv';
import type { Instrument, MetricStore, Series } from './store';

/** How an invocation ended, as the `faasade.outcome` attribute says it. */
export type Outcome = 'success' | 'error' | 'timeout';

/** The series of one function (trigger, name, cloud), made on first use and kept. */
export class FunctionMetrics {
  /** `faas.trigger`, `faas.name`, `cloud.provider`: the attributes of coldstarts and init. */
  readonly attributes: Attributes;
  private readonly byOutcome: Partial<Record<Outcome, OutcomeSeries>> = {};
  private coldstarts: Series | undefined;
  private init: Series | undefined;

  constructor(
    private readonly metrics: FaasMetrics,
    info: InvocationInfo,
  ) {
    const attributes: Attributes = { [ATTR.faasTrigger]: info.trigger, [ATTR.faasName]: info.functionName };
    if (info.cloud !== 'local') attributes[ATTR.cloudProvider] = CLOUD_PROVIDER[info.cloud];
    this.attributes = attributes;
  }

  coldStart(): void {
    (this.coldstarts ??= this.metrics.coldstarts.seriesFor(this.attributes)).add(1);
  }

  initDuration(seconds: number): void {
    if (!(seconds >= 0)) return;
    (this.init ??= this.metrics.initDuration.seriesFor(this.attributes)).add(seconds);
  }

  /** Counts one ended invocation and its duration, under its outcome. */
  ended(outcome: Outcome, durationS: number): void {
    const series = (this.byOutcome[outcome] ??= new OutcomeSeries(this.metrics, {
      ...this.attributes,
      [OUTCOME_ATTR]: outcome,
    }));
    series.invocations.add(1);
    if (outcome !== 'success') series.errors().add(1);
    if (outcome === 'timeout') series.timeouts().add(1);
    if (durationS >= 0) series.duration.add(durationS);
  }
}

/** The series of one function and one outcome; errors and timeouts appear once they happen. */
class OutcomeSeries {
  readonly invocations: Series;
  readonly duration: Series;
  private errorSeries: Series | undefined;
  private timeoutSeries: Series | undefined;

  constructor(
    private readonly metrics: FaasMetrics,
    private readonly attributes: Attributes,
  ) {
    this.invocations = metrics.invocations.seriesFor(attributes);
    this.duration = metrics.invokeDuration.seriesFor(attributes);
  }

  errors(): Series {
    return (this.errorSeries ??= this.metrics.errors.seriesFor(this.attributes));
  }

  timeouts(): Series {
    return (this.timeoutSeries ??= this.metrics.timeouts.seriesFor(this.attributes));
  }
}

/**
 * The FaaS metrics of the semantic conventions, recorded for every invocation.
 *
 * `faas.invocations` counts every invocation, whatever its outcome (semconv's description says
 * "successful", but then no ratio could be formed from it; AWS, Azure and GCP all count every
 * invocation too). `faas.errors` counts errors and timeouts, `faas.timeouts` timeouts only, so an
 * availability SLO is `faas_errors_total / faas_invocations_total`.
 *
 * Each function's series are found once and kept: recording an invocation is a few additions,
 * with no attribute set hashed or built.
 */
export class FaasMetrics {
  readonly invocations: Instrument;
  readonly errors: Instrument;
  readonly timeouts: Instrument;
  readonly coldstarts: Instrument;
  readonly invokeDuration: Instrument;
  readonly initDuration: Instrument;
  private readonly functions = new Map<string, FunctionMetrics>();
  private last: { functionName: string; trigger: string; cloud: string; fn: FunctionMetrics } | undefined;

  constructor(store: MetricStore) {
    const counter = (m: { name: string; unit: string }, description: string) =>
      store.instrument('counter', m.name, { unit: m.unit, description });
    const histogram = (m: { name: string; unit: string }, description: string) =>
      store.instrument('histogram', m.name, { unit: m.unit, description, boundaries: DURATION_BUCKETS_S });
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

  /** The series of the invocation's function; the same object for every invocation of it. */
  of(info: InvocationInfo): FunctionMetrics {
    const last = this.last;
    if (
      last &&
      last.functionName === info.functionName &&
      last.trigger === info.trigger &&
      last.cloud === info.cloud
    ) {
      return last.fn;
    }
    const key = `${info.trigger}\u0000${info.functionName}\u0000${info.cloud}`;
    let fn = this.functions.get(key);
    if (!fn) this.functions.set(key, (fn = new FunctionMetrics(this, info)));
    this.last = { functionName: info.functionName, trigger: info.trigger, cloud: info.cloud, fn };
    return fn;
  }
}
