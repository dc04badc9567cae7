import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync, type Metafile } from 'esbuild';

// What a user's bundle of a faasade Lambda carries: the packages' `module` export condition
// hands esbuild their ES module builds (dist/esm, made by `npm run build`), which it tree-shakes.
// Every kilobyte of a bundle is compiled at each cold start (~40 µs per KB here), so what a
// function does not use must not be in it. See docs/decisions/010-es-module-build-for-bundlers.md.

const FUNCTION = `
import { toLambda } from '@faasade/aws-lambda';
import { defineApp, http } from '@faasade/core';
const app = defineApp({
  service: 'orders',
  functions: {
    getOrder: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => ({ id: ctx.params.id })),
  },
});
export const handler = toLambda(app${'__OPTIONS__'}).getOrder;
`;

const EVENT = {
  version: '2.0',
  routeKey: 'GET /orders/{id}',
  rawPath: '/orders/42',
  rawQueryString: '',
  headers: { host: 'api.example.com' },
  requestContext: { http: { method: 'GET', path: '/orders/42', sourceIp: '203.0.113.9' }, requestId: 'r-1' },
  pathParameters: { id: '42' },
  isBase64Encoded: false,
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faasade-bundle-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Bundles the function outside the repo with the options docs/guides/telemetry.md#bundling gives
 * (`--main-fields=module,main`, so that dependencies without `exports` give their ES modules too).
 */
function bundle(
  name: string,
  imports: string,
  options: string,
): { file: string; bytes: number; inputs: string[] } {
  const file = join(dir, `${name}.js`);
  const result = buildSync({
    stdin: {
      contents: imports + FUNCTION.replace('__OPTIONS__', options),
      resolveDir: __dirname,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: file,
    metafile: true,
    logLevel: 'silent',
    mainFields: ['module', 'main'],
    external: ['@azure/monitor-opentelemetry-exporter'],
  });
  const meta = result.metafile as Metafile;
  const output = Object.values(meta.outputs)[0];
  return { file, bytes: output.bytes, inputs: Object.keys(output.inputs) };
}

function run(file: string, env: Record<string, string> = {}): { statusCode: number; body: string } {
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(file)}).handler(${JSON.stringify(EVENT)}, { awsRequestId: 'r-1', getRemainingTimeInMillis: () => 3000 }).then((r) => process.stdout.write('\\n' + JSON.stringify(r)))`,
    ],
    {
      cwd: dir,
      env: { PATH: process.env.PATH, AWS_LAMBDA_FUNCTION_NAME: 'getOrder', ...env },
      encoding: 'utf8',
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

const from = (inputs: string[], pattern: RegExp) => inputs.filter((f) => pattern.test(f));

describe('a user’s esbuild bundle of a faasade Lambda', () => {
  it('without telemetry: the ES module builds, and nothing of inversify, the AWS SDK or OpenTelemetry', () => {
    const b = bundle('plain', '', '');
    expect(from(b.inputs, /packages\/(core|aws-lambda)\/dist\/esm\//).length).toBeGreaterThan(10);
    expect(from(b.inputs, /packages\/[^/]+\/dist\/(?!esm\/)/)).toEqual([]);
    expect(from(b.inputs, /node_modules\/(inversify|@inversifyjs|reflect-metadata)\//)).toEqual([]);
    expect(from(b.inputs, /node_modules\/(@aws-sdk|@smithy)\//)).toEqual([]);
    expect(from(b.inputs, /@opentelemetry|telemetry\/(?!propagation\/(registry|w3c))/)).toEqual([]);
    expect(b.bytes).toBeLessThan(80 * 1024);
    const res = run(b.file);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ id: '42' });
  });

  it('with telemetry: OpenTelemetry comes in, without inversify, the AWS SDK, grpc-js or the metrics SDK', () => {
    const b = bundle(
      'telemetry',
      "import { createTelemetry } from '@faasade/core/telemetry';\n",
      ", { observer: createTelemetry({ traces: { exporter: 'otlp' }, metrics: { exporter: ['otlp', 'emf'] } }) }",
    );
    expect(from(b.inputs, /@opentelemetry\/api\//).length).toBeGreaterThan(0);
    expect(from(b.inputs, /@opentelemetry\/otlp-transformer\//).length).toBeGreaterThan(0);
    expect(from(b.inputs, /node_modules\/(inversify|@inversifyjs|@aws-sdk|@smithy|@grpc)\//)).toEqual([]);
    // The SDK MeterProvider is for telemetry.meterProvider only (metrics.sdk brings it in); the
    // OTLP encoder takes two enums from its own copy of the package.
    expect(
      from(b.inputs, /@opentelemetry\/sdk-metrics\//).filter(
        (f) => !/\/build\/esm\/(index|export\/AggregationTemporality|export\/MetricData)\.js$/.test(f),
      ),
    ).toEqual([]);
    expect(b.bytes).toBeLessThan(200 * 1024);
    // Nothing listens on the collector's port: the export fails fast, the invocation does not.
    const res = run(b.file, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_LOG_LEVEL: 'none' });
    expect(res.statusCode).toBe(200);
  });

  it('an app with services bundles inversify, and resolves them', () => {
    const file = join(dir, 'services.js');
    buildSync({
      stdin: {
        contents: `
import { toLambda } from '@faasade/aws-lambda';
import { defineApp, http, provide, token } from '@faasade/core';
const Greeting = token<string>('Greeting');
const app = defineApp({
  service: 'orders',
  services: [provide(Greeting, () => 'order')],
  functions: {
    getOrder: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => ({ id: ctx.get(Greeting) + ctx.params.id })),
  },
});
export const handler = toLambda(app).getOrder;`,
        resolveDir: __dirname,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: file,
      logLevel: 'silent',
    });
    const res = run(file);
    expect(JSON.parse(res.body)).toEqual({ id: 'order42' });
  });
});
