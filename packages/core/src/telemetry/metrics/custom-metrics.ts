import type { MetricInstrument, MetricsApi } from '../../context/observer';
import type { InstrumentKind, InstrumentOptions, MetricStore } from './store';

type Options = { description?: string; unit?: string };

/**
 * `ctx.metrics`: counters, up-down counters, histograms and gauges, aggregated in faasade's
 * metric store and exported at each flush. Instruments are cached by kind and name, so asking for
 * `counter('orders')` in every invocation costs a map lookup. Works outside an invocation too:
 * what is recorded there is exported with the next flush.
 *
 * @example
 * ```ts
 * const telemetry = createTelemetry({ metrics: { exporter: 'emf' } });
 * telemetry.metrics.counter('orders.created', { unit: '{order}' }).record(1, { channel: 'web' });
 * telemetry.metrics.histogram('payment.latency', { unit: 's', boundaries: [0.1, 0.5, 1, 2] }).record(0.27);
 * ```
 */
export class CustomMetrics implements MetricsApi {
  private readonly counters = new Map<string, MetricInstrument>();
  private readonly upDownCounters = new Map<string, MetricInstrument>();
  private readonly histograms = new Map<string, MetricInstrument>();
  private readonly gauges = new Map<string, MetricInstrument>();

  constructor(private readonly store: () => MetricStore) {}

  counter(name: string, options?: Options): MetricInstrument {
    return this.counters.get(name) ?? this.create(this.counters, 'counter', name, options);
  }

  upDownCounter(name: string, options?: Options): MetricInstrument {
    return this.upDownCounters.get(name) ?? this.create(this.upDownCounters, 'upDownCounter', name, options);
  }

  histogram(name: string, options?: Options & { boundaries?: number[] }): MetricInstrument {
    return this.histograms.get(name) ?? this.create(this.histograms, 'histogram', name, options);
  }

  gauge(name: string, options?: Options): MetricInstrument {
    return this.gauges.get(name) ?? this.create(this.gauges, 'gauge', name, options);
  }

  private create(
    cache: Map<string, MetricInstrument>,
    kind: InstrumentKind,
    name: string,
    options: InstrumentOptions | undefined,
  ): MetricInstrument {
    const instrument = this.store().instrument(kind, name, options);
    cache.set(name, instrument);
    return instrument;
  }
}
