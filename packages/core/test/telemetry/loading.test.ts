import { runScript } from './support/child';

/**
 * What a fresh process has loaded after a snippet runs: the packages under node_modules that are
 * in `require.cache`, as `@scope/name`.
 */
async function loadedPackages(snippet: string, env: Record<string, string> = {}): Promise<string[]> {
  const source = `
    ${snippet};
    const names = new Set(Object.keys(require.cache).map((f) => (/node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f) || [])[1]).filter(Boolean));
    process.stdout.write(JSON.stringify([...names].sort()));
  `;
  const out = await runScript(source, env);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[];
}

const otel = (names: string[]) => names.filter((n) => n.startsWith('@opentelemetry/'));

describe('what is loaded when: a function pays only for the telemetry it uses', () => {
  jest.setTimeout(60_000);

  it('loads nothing of OpenTelemetry for the core entry point (function model, context, runtime)', async () => {
    expect(otel(await loadedPackages(`require('./packages/core/src/index.ts')`))).toEqual([]);
  });

  it('loads nothing of OpenTelemetry for a function that only logs', async () => {
    const names = await loadedPackages(
      `const { Logger } = require('./packages/core/src/logger/index.ts'); new Logger({ service: 's' })`,
    );
    expect(otel(names)).toEqual([]);
  });

  it('loads nothing of OpenTelemetry for importing @faasade/core/telemetry until createTelemetry is called', async () => {
    const names = await loadedPackages(
      `const t = require('./packages/core/src/telemetry/index.ts'); t.tracedFetch; t.registerTracePropagator`,
    );
    expect(otel(names)).toEqual([]);
  });

  it('loads neither the OTLP encoder, gRPC, the Azure SDK nor the SDK metrics package for EMF', async () => {
    const names = await loadedPackages(`
      const { createTelemetry } = require('./packages/core/src/telemetry/index.ts');
      createTelemetry({ traces: { exporter: 'none' }, metrics: { exporter: 'emf' } }).metrics.counter('x').record(1)`);
    expect(names).toEqual(expect.arrayContaining(['@opentelemetry/api', '@opentelemetry/sdk-trace-base']));
    // faasade aggregates its metrics itself; the SDK's MeterProvider is for telemetry.meterProvider.
    expect(names).not.toContain('@opentelemetry/sdk-metrics');
    expect(names).not.toEqual(expect.arrayContaining(['@opentelemetry/otlp-transformer']));
    expect(
      names.filter((n) => n.startsWith('@grpc/') || n.startsWith('@azure/') || n === 'protobufjs'),
    ).toEqual([]);
  });

  it('loads the SDK metrics package once something asks telemetry.meterProvider for a meter', async () => {
    const names = await loadedPackages(`
      const { createTelemetry } = require('./packages/core/src/telemetry/index.ts');
      createTelemetry({ traces: { exporter: 'none' }, metrics: { exporter: 'emf' } }).meterProvider.getMeter('mine').createCounter('c').add(1)`);
    expect(names).toContain('@opentelemetry/sdk-metrics');
  });

  it('loads the OTLP encoder, but not @grpc/grpc-js nor the Azure SDK, for OTLP', async () => {
    const names = await loadedPackages(`
      const { createTelemetry } = require('./packages/core/src/telemetry/index.ts');
      createTelemetry({ otlp: { endpoint: 'http://127.0.0.1:4317' } }).metrics.counter('x').record(1)`);
    expect(names).toContain('@opentelemetry/otlp-transformer');
    expect(names.filter((n) => n.startsWith('@grpc/') || n.startsWith('@azure/'))).toEqual([]);
  });

  it('loads the Azure SDK only when Azure Monitor is configured', async () => {
    const names = await loadedPackages(
      `require('./packages/core/src/telemetry/index.ts').createTelemetry({}).metrics.counter('x').record(1)`,
      {
        APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-4000-8000-000000000001',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      },
    );
    expect(names).toContain('@azure/monitor-opentelemetry-exporter');
    expect(names).not.toContain('@opentelemetry/otlp-transformer');
  });
});
