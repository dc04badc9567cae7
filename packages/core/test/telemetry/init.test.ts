import { defineApp, http } from '../../src/function/define';
import { createRuntime } from '../../src/invoke/runtime';
import { createTelemetry, type TelemetryDiagnostic } from '../../src/telemetry';
import { poll, startOtlpReceiver, startSilentServer } from './support/otlp-receiver';

// What telemetry does at init (when a runtime is made), what the `console` exporters print, and
// the meter provider's SDK, which bundles leave out unless asked.

const app = defineApp({
  service: 'shop',
  functions: { hello: http({ method: 'GET', route: '/hello' }, () => ({ hello: 'world' })) },
});

const get = {
  method: 'GET',
  path: '/hello',
  query: '',
  headers: {},
  host: 'localhost',
  scheme: 'http' as const,
};

describe('telemetry at init', () => {
  it('builds its exporters and connects to the collector when the runtime is made, before any invocation', async () => {
    const server = await startSilentServer();
    const telemetry = createTelemetry({ otlp: { endpoint: server.endpoint }, metrics: { exporter: 'otlp' } });
    try {
      expect(server.connections()).toBe(0);
      createRuntime(app, { cloud: 'aws', observer: telemetry });
      await poll(() => server.connections() === 2, 2000, 'the span and metric exporters to connect');
    } finally {
      await telemetry.shutdown(200);
      await server.stop();
    }
  });

  it('names the service after the app the runtime was made for', async () => {
    const receiver = await startOtlpReceiver();
    const telemetry = createTelemetry({
      otlp: { endpoint: receiver.endpoint },
      metrics: { exporter: 'none' },
    });
    try {
      const runtime = createRuntime(app, { cloud: 'aws', observer: telemetry });
      await runtime.http(get, {}, 'hello');
      await receiver.waitFor((r) => r.spans().length === 1);
      expect(receiver.spans()[0].resource['service.name']).toBe('shop');
    } finally {
      await telemetry.shutdown(2000);
      await receiver.stop();
    }
  });

  it('lets OTEL_SERVICE_NAME win over the app’s name', async () => {
    const receiver = await startOtlpReceiver();
    const telemetry = createTelemetry({
      otlp: { endpoint: receiver.endpoint },
      metrics: { exporter: 'none' },
      env: { OTEL_SERVICE_NAME: 'from-env' },
    });
    try {
      await createRuntime(app, { cloud: 'aws', observer: telemetry }).http(get, {}, 'hello');
      await receiver.waitFor((r) => r.spans().length === 1);
      expect(receiver.spans()[0].resource['service.name']).toBe('from-env');
    } finally {
      await telemetry.shutdown(2000);
      await receiver.stop();
    }
  });
});

describe('the console exporters', () => {
  it('print each span and each metric as a JSON line on stdout', async () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
    const telemetry = createTelemetry({ traces: { exporter: 'console' }, metrics: { exporter: 'console' } });
    try {
      const runtime = createRuntime(app, { cloud: 'local', observer: telemetry });
      await runtime.http(get, {}, 'hello');
    } finally {
      write.mockRestore();
      await telemetry.shutdown(500);
    }
    const records = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const span = records.find((r) => r.name === 'GET /hello');
    expect(span).toMatchObject({ kind: 1, attributes: { 'faas.trigger': 'http', 'faas.name': 'hello' } });
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.duration).toBeGreaterThanOrEqual(0);
    const invocations = records.find((r) => r.descriptor?.name === 'faas.invocations');
    expect(invocations.dataPoints[0]).toMatchObject({ value: 1, attributes: { 'faas.trigger': 'http' } });
  });
});

describe('telemetry.meterProvider', () => {
  it('uses the SDK module given in metrics.sdk', () => {
    const sdk = jest.requireActual(
      '@opentelemetry/sdk-metrics',
    ) as typeof import('@opentelemetry/sdk-metrics');
    const made = jest.fn();
    class CountingMeterProvider extends sdk.MeterProvider {
      constructor(...args: ConstructorParameters<typeof sdk.MeterProvider>) {
        super(...args);
        made();
      }
    }
    const telemetry = createTelemetry({
      traces: { exporter: 'none' },
      metrics: {
        exporter: 'emf',
        sdk: { MeterProvider: CountingMeterProvider, MetricReader: sdk.MetricReader },
      },
    });
    telemetry.meterProvider.getMeter('mine').createCounter('c').add(1);
    telemetry.meterProvider.getMeter('other');
    expect(made).toHaveBeenCalledTimes(1);
    return telemetry.shutdown(200);
  });

  it('warns once and records nothing when the SDK is not there (a bundle without it)', () => {
    jest.isolateModules(() => {
      jest.doMock('@opentelemetry/sdk-metrics', () => {
        throw new Error("Cannot find module '@opentelemetry/sdk-metrics'");
      });
      const fresh = require('../../src/telemetry') as typeof import('../../src/telemetry');
      const diagnostics: TelemetryDiagnostic[] = [];
      const telemetry = fresh.createTelemetry({
        traces: { exporter: 'none' },
        metrics: { exporter: 'emf' },
        onDiagnostic: (d) => diagnostics.push(d),
      });
      const counter = telemetry.meterProvider.getMeter('mine').createCounter('c');
      expect(() => counter.add(1)).not.toThrow();
      telemetry.meterProvider.getMeter('again');
      const warnings = diagnostics.filter((d) => d.level === 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0].message).toContain('metrics: { sdk: require("@opentelemetry/sdk-metrics") }');
      jest.dontMock('@opentelemetry/sdk-metrics');
    });
  });
});
