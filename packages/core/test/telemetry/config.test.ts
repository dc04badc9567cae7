import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/telemetry/config/resolve';
import { createTelemetry, TelemetryConfigurationError, type TelemetryDiagnostic } from '../../src/telemetry';
import { httpInfo, observe } from './support/invocations';
import { startOtlpReceiver } from './support/otlp-receiver';

describe('choosing exporters and settings from options and OTEL_* variables', () => {
  it('defaults to OTLP for traces and metrics, to localhost:4317, as the OpenTelemetry spec does', () => {
    const config = resolveConfig({}, {});
    expect(config.traceExporters).toEqual(['otlp']);
    expect(config.metricExporters).toEqual(['otlp']);
    expect(config.otlpTraces).toMatchObject({ headers: {}, timeoutMs: 10_000, compression: 'none' });
    expect(config.otlpTraces?.url.href).toBe('http://localhost:4317/');
  });

  it('defaults to Azure Monitor when the environment holds an Application Insights connection string', () => {
    const config = resolveConfig({}, { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=k' });
    expect([config.traceExporters, config.metricExporters]).toEqual([['azure-monitor'], ['azure-monitor']]);
  });

  it('reads OTEL_TRACES_EXPORTER and OTEL_METRICS_EXPORTER as lists, with none meaning none', () => {
    const config = resolveConfig(
      {},
      { OTEL_TRACES_EXPORTER: 'otlp, console', OTEL_METRICS_EXPORTER: 'none' },
    );
    expect(config.traceExporters).toEqual(['otlp', 'console']);
    expect(config.metricExporters).toEqual([]);
  });

  it('exports nothing automatically under OTEL_SDK_DISABLED, but keeps exporters named in code', () => {
    expect(
      resolveConfig({}, { OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' }).traceExporters,
    ).toEqual([]);
    expect(
      resolveConfig({ metrics: { exporter: 'emf' } }, { OTEL_SDK_DISABLED: 'true' }).metricExporters,
    ).toEqual(['emf']);
  });

  it('warns about, and ignores, an exporter it does not know in the environment', () => {
    const config = resolveConfig({}, { OTEL_METRICS_EXPORTER: 'prometheus,emf' });
    expect(config.metricExporters).toEqual(['emf']);
    expect(config.warnings).toEqual([
      'unsupported metrics exporter(s) prometheus in the environment are ignored',
    ]);
  });

  it('lets code win over the environment', () => {
    const config = resolveConfig(
      {
        traces: { exporter: 'console' },
        otlp: { endpoint: 'http://code:4317' },
        metrics: { exporter: 'otlp' },
      },
      { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4317' },
    );
    expect(config.traceExporters).toEqual(['console']);
    expect(config.otlpMetrics?.url.host).toBe('code:4317');
  });

  it('throws a TelemetryConfigurationError for an exporter name in code it does not know', () => {
    expect(() => resolveConfig({ metrics: { exporter: 'statsd' as never } }, {})).toThrow(
      TelemetryConfigurationError,
    );
    expect(() => createTelemetry({ traces: { exporter: 'jaeger' as never } })).toThrow(
      /Unknown traces exporter "jaeger"/,
    );
  });

  it('throws for an OTLP endpoint in code that is not a URL, but only warns for one in the environment', () => {
    expect(() => resolveConfig({ otlp: { endpoint: 'ftp://x' } }, {})).toThrow(TelemetryConfigurationError);
    const config = resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x' });
    expect(config.otlpTraces).toBeUndefined();
    expect(config.warnings[0]).toMatch(/not an http\(s\) URL/);
  });

  it('reads the signal-specific OTLP variables before the generic ones', () => {
    const config = resolveConfig(
      {},
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://all:4317',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://metrics:4317',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-team=a',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=b',
        OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
      },
    );
    expect(config.otlpTraces?.url.host).toBe('all:4317');
    expect(config.otlpMetrics?.url.host).toBe('metrics:4317');
    expect(config.otlpTraces?.headers).toEqual({ authorization: 'Bearer abc', 'x-team': 'b' });
    expect(config.otlpMetrics?.headers).toEqual({ authorization: 'Bearer abc', 'x-team': 'a' });
    expect([
      config.otlpTraces?.timeoutMs,
      config.otlpTraces?.compression,
      config.otlpMetrics?.temporality,
    ]).toEqual([2500, 'gzip', 'delta']);
  });

  it('uses TLS for a gRPC endpoint written without a scheme, unless OTEL_EXPORTER_OTLP_INSECURE says otherwise', () => {
    expect(
      resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' }).otlpTraces?.url.protocol,
    ).toBe('https:');
    const insecure = resolveConfig(
      {},
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317', OTEL_EXPORTER_OTLP_INSECURE: 'true' },
    );
    expect(insecure.otlpTraces?.url.protocol).toBe('http:');
  });

  it('reads the TLS files OTEL_EXPORTER_OTLP_CERTIFICATE and the client certificate and key name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faasade-otlp-tls-'));
    try {
      for (const name of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, name), `PEM of ${name}`);
      const config = resolveConfig(
        {},
        {
          OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'ca.pem'),
          OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE: join(dir, 'cert.pem'),
          OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY: join(dir, 'key.pem'),
        },
      );
      const text = (tls?: { ca?: unknown; cert?: unknown; key?: unknown }) =>
        Object.fromEntries(Object.entries(tls ?? {}).map(([k, v]) => [k, v === undefined ? v : String(v)]));
      expect(text(config.otlpTraces?.tls)).toEqual({ ca: 'PEM of ca.pem', cert: undefined, key: undefined });
      expect(text(config.otlpMetrics?.tls)).toEqual({
        ca: 'PEM of ca.pem',
        cert: 'PEM of cert.pem',
        key: 'PEM of key.pem',
      });
      expect(config.warnings).toEqual([]);

      const bad = resolveConfig(
        {},
        {
          OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'missing.pem'),
          OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: join(dir, 'cert.pem'),
        },
      );
      expect(bad.otlpTraces?.tls).toBeUndefined();
      expect(bad.warnings).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/OTEL_EXPORTER_OTLP_CERTIFICATE: cannot read .*missing\.pem \(ENOENT\)/),
          expect.stringMatching(/CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_CLIENT_KEY go together/),
        ]),
      );
      const code = { ca: 'from code' };
      expect(
        resolveConfig({ otlp: { tls: code } }, { OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'ca.pem') })
          .otlpTraces?.tls,
      ).toBe(code);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns about a protocol OTLP does not have, and keeps to gRPC', () => {
    const config = resolveConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift' });
    expect(config.otlpTraces?.protocol).toBe('grpc');
    expect(config.warnings).toContain(
      'OTEL_EXPORTER_OTLP_PROTOCOL=thrift is not an OTLP protocol; traces go over gRPC',
    );
  });

  it('names the service from options, then OTEL_SERVICE_NAME, then OTEL_RESOURCE_ATTRIBUTES', () => {
    expect(resolveConfig({ service: 'code' }, { OTEL_SERVICE_NAME: 'env' }).service).toBe('code');
    expect(
      resolveConfig({}, { OTEL_SERVICE_NAME: 'env', OTEL_RESOURCE_ATTRIBUTES: 'service.name=attrs' }).service,
    ).toBe('env');
    expect(resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=attrs' }).service).toBe('attrs');
    expect(resolveConfig({}, {}).service).toBeUndefined();
  });

  it('disables Azure Monitor, with a warning, when no connection string is given', () => {
    const config = resolveConfig({ traces: { exporter: 'azure-monitor' } }, {});
    expect(config.traceExporters).toEqual([]);
    expect(config.warnings[0]).toMatch(/APPLICATIONINSIGHTS_CONNECTION_STRING/);
  });
});

describe('a telemetry configured by the environment alone', () => {
  it('exports to OTEL_EXPORTER_OTLP_ENDPOINT with OTEL_EXPORTER_OTLP_HEADERS, named by OTEL_SERVICE_NAME, with OTEL_RESOURCE_ATTRIBUTES', async () => {
    const receiver = await startOtlpReceiver();
    const diagnostics: TelemetryDiagnostic[] = [];
    const telemetry = createTelemetry({
      onDiagnostic: (d) => diagnostics.push(d),
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20s3cret',
        OTEL_SERVICE_NAME: 'billing',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,team=payments',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      },
    });
    try {
      await observe(telemetry, httpInfo({ service: 'ignored-when-env-names-it' }), () => 1);
      await receiver.waitFor((r) => r.spans().length === 1 && r.points().length > 0);
      expect(receiver.spans()[0].resource).toMatchObject({
        'service.name': 'billing',
        'deployment.environment.name': 'prod',
        team: 'payments',
      });
      expect(receiver.points()[0].resource['service.name']).toBe('billing');
      expect(receiver.metadata().every((m) => m.authorization === 'Bearer s3cret')).toBe(true);
      expect(diagnostics).toEqual([]);
    } finally {
      await telemetry.shutdown(2000);
      await receiver.stop();
    }
  });

  it('names the service after the first invocation when nothing else names it', async () => {
    const receiver = await startOtlpReceiver();
    const telemetry = createTelemetry({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } });
    try {
      await observe(telemetry, httpInfo({ service: 'from-the-app' }), () => 1);
      await receiver.waitFor((r) => r.spans().length === 1);
      expect(receiver.spans()[0].resource['service.name']).toBe('from-the-app');
    } finally {
      await telemetry.shutdown(2000);
      await receiver.stop();
    }
  });
});
