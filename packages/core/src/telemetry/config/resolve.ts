import { readFileSync } from 'node:fs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { TelemetryConfigurationError } from '../errors';
import type { MetricExporterName, OtlpTlsOptions, TelemetryOptions, TraceExporterName } from '../types';
import { type Env, envBoolean, envList, envNumber, envString, firstEnv, parseKeyValueList } from './env';

/** Where one signal's OTLP exports go, after code and environment are merged. */
export interface OtlpEndpoint {
  /** `grpc` (the default) or `http/protobuf` (OTLP over HTTP/1.1, port 4318). */
  protocol: OtlpProtocol;
  /** gRPC: the collector's origin. HTTP: the full URL exports are POSTed to (`.../v1/traces`). */
  url: URL;
  headers: Record<string, string>;
  timeoutMs: number;
  compression: 'gzip' | 'none';
  /** PEM material for `https:` endpoints: a CA to trust, and a client certificate and key (mTLS). */
  tls?: OtlpTlsOptions;
}

/** Everything `createTelemetry` needs, with code options, `OTEL_*` variables and defaults merged. */
export interface ResolvedConfig {
  service: string | undefined;
  resourceAttributes: Record<string, string | number | boolean>;
  traceExporters: Array<Exclude<TraceExporterName, 'none'> | SpanExporter>;
  metricExporters: Array<Exclude<MetricExporterName, 'none'> | PushMetricExporter>;
  otlpTraces: OtlpEndpoint | undefined;
  otlpMetrics: (OtlpEndpoint & { temporality: 'cumulative' | 'delta' }) | undefined;
  azureConnectionString: string | undefined;
  emfNamespace: string | undefined;
  emfWrite: ((line: string) => void) | undefined;
  emfRollups: readonly (readonly string[])[] | undefined;
  /** Problems found in the environment; reported as warnings, never thrown. */
  warnings: string[];
}

const TRACE_EXPORTERS = ['otlp', 'azure-monitor', 'console', 'none'];
const METRIC_EXPORTERS = ['otlp', 'azure-monitor', 'emf', 'console', 'none'];
const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4317';
/** The OTLP/HTTP default (the OpenTelemetry specification's). */
const DEFAULT_OTLP_HTTP_ENDPOINT = 'http://localhost:4318';

/** The OTLP transports faasade speaks. */
export type OtlpProtocol = 'grpc' | 'http/protobuf';
const DEFAULT_OTLP_TIMEOUT_MS = 10_000;

/** Merges options over the environment. Throws {@link TelemetryConfigurationError} for bad options only. */
export function resolveConfig(options: TelemetryOptions, env: Env): ResolvedConfig {
  const warnings: string[] = [];
  const fromEnvAttributes = parseKeyValueList(envString(env, 'OTEL_RESOURCE_ATTRIBUTES'));
  const resourceAttributes: Record<string, string | number | boolean> = {
    ...fromEnvAttributes,
    ...options.resourceAttributes,
  };
  const service = options.service ?? envString(env, 'OTEL_SERVICE_NAME') ?? fromEnvAttributes['service.name'];
  if (options.serviceVersion) resourceAttributes['service.version'] = options.serviceVersion;

  const azureConnectionString =
    options.azureMonitor?.connectionString ?? envString(env, 'APPLICATIONINSIGHTS_CONNECTION_STRING');
  // A connection string in the environment is Azure's own way of saying where telemetry goes.
  const fallback = azureConnectionString ? 'azure-monitor' : 'otlp';
  // OTEL_SDK_DISABLED turns the automatic exporters off; exporters named in code still apply.
  const disabled = envBoolean(env, 'OTEL_SDK_DISABLED') === true;
  const traceExporters = exporters<TraceExporterName, SpanExporter>(
    'traces',
    options.traces?.exporter,
    disabled ? ['none'] : envList(env, 'OTEL_TRACES_EXPORTER'),
    TRACE_EXPORTERS,
    fallback,
    warnings,
  );
  const metricExporters = exporters<MetricExporterName, PushMetricExporter>(
    'metrics',
    options.metrics?.exporter,
    disabled ? ['none'] : envList(env, 'OTEL_METRICS_EXPORTER'),
    METRIC_EXPORTERS,
    fallback,
    warnings,
  );

  const wantsOtlp = (list: unknown[]) => list.includes('otlp');
  const otlpTraces = wantsOtlp(traceExporters) ? otlpEndpoint(options, env, 'TRACES', warnings) : undefined;
  const otlpMetricsEndpoint = wantsOtlp(metricExporters)
    ? otlpEndpoint(options, env, 'METRICS', warnings)
    : undefined;
  const preference = envString(env, 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE')?.toLowerCase();
  const temporality = options.otlp?.temporality ?? (preference === 'delta' ? 'delta' : 'cumulative');
  const otlpMetrics = otlpMetricsEndpoint && { ...otlpMetricsEndpoint, temporality };

  if (
    (traceExporters.includes('azure-monitor') || metricExporters.includes('azure-monitor')) &&
    !azureConnectionString
  ) {
    warnings.push(
      'azure-monitor needs APPLICATIONINSIGHTS_CONNECTION_STRING (or azureMonitor.connectionString); it is disabled',
    );
  }
  return {
    service,
    resourceAttributes,
    traceExporters: azureConnectionString
      ? traceExporters
      : traceExporters.filter((e) => e !== 'azure-monitor'),
    metricExporters: azureConnectionString
      ? metricExporters
      : metricExporters.filter((e) => e !== 'azure-monitor'),
    otlpTraces,
    otlpMetrics,
    azureConnectionString,
    emfNamespace: options.emf?.namespace,
    emfWrite: options.emf?.write,
    emfRollups: options.emf?.rollups,
    warnings,
  };
}

function exporters<N extends string, I extends object>(
  signal: string,
  option: N | I | Array<N | I> | undefined,
  fromEnv: string[] | undefined,
  known: string[],
  fallback: N,
  warnings: string[],
): Array<Exclude<N, 'none'> | I> {
  if (option !== undefined) {
    const list = Array.isArray(option) ? option : [option];
    for (const item of list) {
      if (typeof item === 'string' && !known.includes(item)) {
        throw new TelemetryConfigurationError(
          `Unknown ${signal} exporter "${item}" (known: ${known.join(', ')})`,
        );
      }
    }
    return list.includes('none' as N) ? [] : (list as Array<Exclude<N, 'none'> | I>);
  }
  const names = (fromEnv ?? [fallback]).map((n) => (n === 'azure_monitor' ? 'azure-monitor' : n));
  if (names.includes('none')) return [];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0)
    warnings.push(`unsupported ${signal} exporter(s) ${unknown.join(', ')} in the environment are ignored`);
  return [...new Set(names.filter((n) => known.includes(n)))] as Array<Exclude<N, 'none'>>;
}

function otlpEndpoint(
  options: TelemetryOptions,
  env: Env,
  signal: 'TRACES' | 'METRICS',
  warnings: string[],
): OtlpEndpoint | undefined {
  const protocol = otlpProtocol(options, env, signal, warnings);
  // OTLP/HTTP: a signal's own endpoint is the URL itself; the generic one (and the code option)
  // is a base that gets /v1/traces or /v1/metrics, as the specification says.
  const own = envString(env, `OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`);
  const base =
    options.otlp?.endpoint ??
    (own === undefined ? envString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') : undefined) ??
    (own === undefined
      ? protocol === 'grpc'
        ? DEFAULT_OTLP_ENDPOINT
        : DEFAULT_OTLP_HTTP_ENDPOINT
      : undefined);
  const raw = base ?? own ?? DEFAULT_OTLP_ENDPOINT;
  const insecure =
    envBoolean(env, `OTEL_EXPORTER_OTLP_${signal}_INSECURE`, 'OTEL_EXPORTER_OTLP_INSECURE') ?? false;
  let url = parseEndpoint(raw, insecure);
  if (url && protocol === 'http/protobuf' && base !== undefined) {
    url = new URL(`${url.pathname.replace(/\/+$/, '')}/v1/${signal.toLowerCase()}`, url);
  }
  if (!url) {
    if (options.otlp?.endpoint !== undefined)
      throw new TelemetryConfigurationError(`OTLP endpoint "${raw}" is not an http(s) URL`);
    warnings.push(`OTLP endpoint "${raw}" is not an http(s) URL; ${signal.toLowerCase()} are not exported`);
    return undefined;
  }
  const headers = {
    ...parseKeyValueList(envString(env, 'OTEL_EXPORTER_OTLP_HEADERS')),
    ...parseKeyValueList(envString(env, `OTEL_EXPORTER_OTLP_${signal}_HEADERS`)),
    ...options.otlp?.headers,
  };
  const compression =
    options.otlp?.compression ??
    firstEnv(env, `OTEL_EXPORTER_OTLP_${signal}_COMPRESSION`, 'OTEL_EXPORTER_OTLP_COMPRESSION');
  return {
    protocol,
    url,
    headers,
    timeoutMs:
      options.otlp?.timeoutMs ??
      envNumber(env, `OTEL_EXPORTER_OTLP_${signal}_TIMEOUT`, 'OTEL_EXPORTER_OTLP_TIMEOUT') ??
      DEFAULT_OTLP_TIMEOUT_MS,
    compression: compression === 'gzip' ? 'gzip' : 'none',
    tls: otlpTls(options, env, signal, warnings),
  };
}

/**
 * The OTLP transport: `otlp.protocol`, else `OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL`, else gRPC.
 * `http/json` is sent as `http/protobuf` (collectors take both on the same paths), with a warning.
 */
function otlpProtocol(
  options: TelemetryOptions,
  env: Env,
  signal: 'TRACES' | 'METRICS',
  warnings: string[],
): OtlpProtocol {
  if (options.otlp?.protocol) return options.otlp.protocol;
  const raw = firstEnv(
    env,
    `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`,
    'OTEL_EXPORTER_OTLP_PROTOCOL',
  )?.toLowerCase();
  if (raw === undefined || raw === 'grpc') return 'grpc';
  if (raw === 'http/protobuf') return 'http/protobuf';
  if (raw === 'http/json') {
    warnings.push('OTEL_EXPORTER_OTLP_PROTOCOL=http/json is sent as http/protobuf, which faasade speaks');
    return 'http/protobuf';
  }
  warnings.push(
    `OTEL_EXPORTER_OTLP_PROTOCOL=${raw} is not an OTLP protocol; ${signal.toLowerCase()} go over gRPC`,
  );
  return 'grpc';
}

/**
 * The TLS material of an OTLP endpoint: `otlp.tls` in code, else the files the standard
 * variables name (`OTEL_EXPORTER_OTLP_[SIGNAL_]CERTIFICATE`, `..._CLIENT_CERTIFICATE`,
 * `..._CLIENT_KEY`). A file that cannot be read is a warning, as any bad variable is.
 */
function otlpTls(
  options: TelemetryOptions,
  env: Env,
  signal: 'TRACES' | 'METRICS',
  warnings: string[],
): OtlpTlsOptions | undefined {
  if (options.otlp?.tls) return options.otlp.tls;
  const file = (suffix: string): Buffer | undefined => {
    const path = firstEnv(env, `OTEL_EXPORTER_OTLP_${signal}_${suffix}`, `OTEL_EXPORTER_OTLP_${suffix}`);
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      warnings.push(
        `OTEL_EXPORTER_OTLP_${suffix}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error}); ${signal.toLowerCase()} use the default TLS settings`,
      );
      return undefined;
    }
  };
  const tls: OtlpTlsOptions = {
    ca: file('CERTIFICATE'),
    cert: file('CLIENT_CERTIFICATE'),
    key: file('CLIENT_KEY'),
  };
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    warnings.push(
      `OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_CLIENT_KEY go together; ${signal.toLowerCase()} are sent without a client certificate`,
    );
    tls.cert = undefined;
    tls.key = undefined;
  }
  return tls.ca || tls.cert ? tls : undefined;
}

/** gRPC endpoints are often written without a scheme (`collector:4317`); TLS unless told otherwise. */
function parseEndpoint(raw: string, insecure: boolean): URL | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `${insecure ? 'http' : 'https'}://${raw}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
