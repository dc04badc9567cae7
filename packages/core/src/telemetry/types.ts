import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';

/** The parts of `@opentelemetry/sdk-metrics` the meter provider is made from. */
export type SdkMetricsModule = Pick<
  typeof import('@opentelemetry/sdk-metrics'),
  'MeterProvider' | 'MetricReader'
>;
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { InvocationObserver, MetricsApi } from '../context/observer';
import type { DiagnosticHandler } from './diagnostics';
import type { TracePropagator } from './propagation/types';

/** Built-in span exporters, by the names `OTEL_TRACES_EXPORTER` takes. */
export type TraceExporterName = 'otlp' | 'azure-monitor' | 'console' | 'none';

/** Built-in metric exporters, by the names `OTEL_METRICS_EXPORTER` takes. */
export type MetricExporterName = 'otlp' | 'azure-monitor' | 'emf' | 'console' | 'none';

/** OTLP over gRPC. Each field falls back to the standard `OTEL_EXPORTER_OTLP_*` variables. */
export interface OtlpOptions {
  /**
   * `grpc` (default, port 4317) or `http/protobuf` (OTLP over HTTP, port 4318, what Grafana Cloud
   * and other HTTP-only gateways take). Default `OTEL_EXPORTER_OTLP_PROTOCOL`, else `grpc`.
   */
  protocol?: 'grpc' | 'http/protobuf';
  /**
   * gRPC: `http://collector:4317` (plaintext h2c) or `https://...` (TLS); default
   * `http://localhost:4317`. HTTP: the base URL, to which `/v1/traces` and `/v1/metrics` are
   * added; default `http://localhost:4318`.
   */
  endpoint?: string;
  /** Sent as gRPC metadata on every export (`authorization`, an API key). */
  headers?: Record<string, string>;
  /** Per-export deadline; default 10 000 ms. The invocation's own flush bound still applies. */
  timeoutMs?: number;
  compression?: 'gzip' | 'none';
  /** Metrics temporality; default cumulative (what Prometheus-style backends expect). */
  temporality?: 'cumulative' | 'delta';
  /**
   * TLS for `https:` endpoints, as PEM: a CA to trust besides Node's, and a client certificate
   * and key for mTLS. Default: the files named by `OTEL_EXPORTER_OTLP_CERTIFICATE`,
   * `OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE` and `OTEL_EXPORTER_OTLP_CLIENT_KEY` (or their
   * `_TRACES_`/`_METRICS_` forms).
   */
  tls?: OtlpTlsOptions;
}

/** PEM material for the OTLP connection (see {@link OtlpOptions.tls}). */
export interface OtlpTlsOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
}

/** CloudWatch Embedded Metric Format on stdout. */
export interface EmfOptions {
  /** The CloudWatch namespace; default the service name. */
  namespace?: string;
  /** Where each JSON line goes; default `process.stdout.write`. */
  write?: (line: string) => void;
  /**
   * Dimension sets each metric is also published under, when its attributes hold all their
   * keys. Default `[['faas.name']]`: every function's FaaS metrics summed over outcomes and
   * triggers, which is what the CloudWatch alarms of `@faasade/slo` query. `[]` adds none (each
   * dimension set is a custom metric CloudWatch bills).
   */
  rollups?: string[][];
}

/**
 * Options of `createTelemetry`; every one is optional, and code wins over the environment.
 *
 * @example
 * ```ts
 * const options: TelemetryOptions = {
 *   service: 'orders',
 *   traces: { exporter: 'otlp' },
 *   metrics: { exporter: 'emf' },
 *   otlp: { endpoint: 'http://localhost:4317' },
 *   emf: { namespace: 'Orders' },
 * };
 * ```
 */
export interface TelemetryOptions {
  /** `service.name`; default `OTEL_SERVICE_NAME`, else the service of the first invocation. */
  service?: string;
  /** `service.version`. */
  serviceVersion?: string;
  /** Extra resource attributes, merged over `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes?: Record<string, string | number | boolean>;
  traces?: {
    /** Default `OTEL_TRACES_EXPORTER`, else `azure-monitor` when a connection string is set, else `otlp`. */
    exporter?: TraceExporterName | SpanExporter | Array<TraceExporterName | SpanExporter>;
    /** Default from `OTEL_TRACES_SAMPLER`, else parent-based always-on. */
    sampler?: Sampler;
  };
  metrics?: {
    /** Default `OTEL_METRICS_EXPORTER`, else `azure-monitor` when a connection string is set, else `otlp`. */
    exporter?: MetricExporterName | PushMetricExporter | Array<MetricExporterName | PushMetricExporter>;
    /**
     * The `@opentelemetry/sdk-metrics` module behind {@link Telemetry.meterProvider}. Default: the
     * one installed beside faasade, required at run time the first time a meter is asked for, so
     * that bundlers leave it (~48 KB) out of functions that only use `ctx.metrics`. A bundled
     * function that uses the meter provider (or registers it for instrumented libraries) passes
     * it: `metrics: { sdk: require('@opentelemetry/sdk-metrics') }`.
     */
    sdk?: SdkMetricsModule;
  };
  otlp?: OtlpOptions;
  azureMonitor?: {
    /** Default `APPLICATIONINSIGHTS_CONNECTION_STRING`. */
    connectionString?: string;
  };
  emf?: EmfOptions;
  /** Trace-header formats tried in order (default W3C Trace Context); registered ones come after. */
  propagators?: TracePropagator[];
  /**
   * Installs the providers, the propagator and the context manager as the `@opentelemetry/api`
   * globals, so libraries instrumented with the API join the invocation's trace. Off by default:
   * globals are per process and a second instance could not have its own.
   */
  register?: boolean;
  /** Replaces `globalThis.fetch` with {@link tracedFetch} until `shutdown()`. Off by default. */
  instrumentFetch?: boolean;
  /** Where telemetry's own problems are reported; default stderr at `OTEL_LOG_LEVEL` (warn). */
  onDiagnostic?: DiagnosticHandler;
  /** The environment to read `OTEL_*` from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The telemetry of a function: an {@link InvocationObserver} for the runtime, plus its lifecycle.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@faasade/core/telemetry';
 *
 * const telemetry = createTelemetry({ metrics: { exporter: 'emf' } });
 * telemetry.metrics.counter('cache.warmed').record(1); // outside any invocation: sent with the next flush
 * process.on('SIGTERM', () => void telemetry.shutdown(2000).then(() => process.exit(0)));
 * ```
 */
export interface Telemetry extends InvocationObserver {
  /** Custom metrics; usable inside and outside an invocation. */
  readonly metrics: MetricsApi;
  /** The tracer provider, for spans of your own (`register: true` makes them join the invocation's trace through the API). */
  readonly tracerProvider: TracerProvider;
  /**
   * The meter provider, for instruments the {@link MetricsApi} does not cover (observable
   * instruments, other meters). The SDK's `MeterProvider` behind it is made the first time it is
   * asked for a meter; from then on every flush also runs the SDK's collection (several µs per
   * invocation), whose metrics leave in the same export as faasade's own. In a bundle, pass
   * `metrics.sdk` (see {@link TelemetryOptions}); without the SDK its meters record nothing and
   * a warning says why.
   */
  readonly meterProvider: MeterProvider;
  /**
   * Flushes, then shuts the exporters down and undoes `register`/`instrumentFetch`. Bounded by
   * `timeoutMs` (default 5000) and never rejects. Call it when the instance is told to stop
   * (SIGTERM on Cloud Run, the Lambda extensions' shutdown), not after each invocation.
   */
  shutdown(timeoutMs?: number): Promise<void>;
}
