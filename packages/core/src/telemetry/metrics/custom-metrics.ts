import type { Meter } from '@opentelemetry/api';
import type { MetricInstrument, MetricsApi } from '../../context/observer';

type Options = { description?: string; unit?: string };

/**
 * `ctx.metrics`: counters, up-down counters, histograms and gauges on the telemetry's meter.
 * Instruments are cached by kind and name, so asking for `counter('orders')` in every invocation
 * costs a map lookup. Works outside an invocation too: what is recorded there is exported with
 * the next flush.
 *
 * @example
 * ```ts
 * const telemetry = createTelemetry({ metrics: { exporter: 'emf' } });
 * telemetry.metrics.counter('orders.created', { unit: '{order}' }).record(1, { channel: 'web' });
 * telemetry.metrics.histogram('payment.latency', { unit: 's', boundaries: [0.1, 0.5, 1, 2] }).record(0.27);
 * ```
 */
export class CustomMetrics implements MetricsApi {
  private readonly instruments = new Map<string, MetricInstrument>();

  constructor(private readonly meter: () => Meter) {}

  counter(name: string, options?: Options): MetricInstrument {
    return this.cached('counter', name, () => {
      const counter = this.meter().createCounter(name, options);
      return { record: (value, attributes) => counter.add(value, attributes) };
    });
  }

  upDownCounter(name: string, options?: Options): MetricInstrument {
    return this.cached('upDownCounter', name, () => {
      const counter = this.meter().createUpDownCounter(name, options);
      return { record: (value, attributes) => counter.add(value, attributes) };
    });
  }

  histogram(name: string, options?: Options & { boundaries?: number[] }): MetricInstrument {
    return this.cached('histogram', name, () => {
      const advice = options?.boundaries ? { explicitBucketBoundaries: options.boundaries } : undefined;
      const histogram = this.meter().createHistogram(name, {
        description: options?.description,
        unit: options?.unit,
        advice,
      });
      return { record: (value, attributes) => histogram.record(value, attributes) };
    });
  }

  gauge(name: string, options?: Options): MetricInstrument {
    return this.cached('gauge', name, () => {
      const gauge = this.meter().createGauge(name, options);
      return { record: (value, attributes) => gauge.record(value, attributes) };
    });
  }

  private cached(kind: string, name: string, create: () => MetricInstrument): MetricInstrument {
    const key = `${kind}:${name}`;
    let instrument = this.instruments.get(key);
    if (!instrument) this.instruments.set(key, (instrument = create()));
    return instrument;
  }
}
