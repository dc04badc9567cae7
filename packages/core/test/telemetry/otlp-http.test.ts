import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { createTelemetry, type TelemetryDiagnostic } from '../../src/telemetry';
import { resolveConfig } from '../../src/telemetry/config/resolve';
import { httpInfo, observe } from './support/invocations';
import { decodeMetrics, decodeSpans } from './support/otlp-decode';
import { closedPortEndpoint, startSilentServer } from './support/otlp-receiver';
import { selfSignedCertificate } from './support/tls';

// OTLP over HTTP (`http/protobuf`), against a plain Node HTTP server standing in for a
// collector's port 4318: it decodes what it receives with the OTLP protos.

interface Received {
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function collector(
  answer: (r: Received) => { status: number; body?: string; type?: string } = () => ({ status: 200 }),
  https?: { key: Buffer; cert: Buffer },
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { path: req.url, headers: req.headers, body: Buffer.concat(chunks) };
      received.push(r);
      const a = answer(r);
      res.writeHead(a.status, { 'content-type': a.type ?? 'application/x-protobuf' });
      res.end(a.body ?? '');
    });
  };
  const server: Server = https ? createHttpsServer(https, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `${https ? 'https://localhost' : 'http://127.0.0.1'}:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const body = (r: Received) => (r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body);

describe('OTLP over HTTP (http/protobuf)', () => {
  it('POSTs spans to /v1/traces and metrics to /v1/metrics as protobuf, with the configured headers', async () => {
    const server = await collector();
    const telemetry = createTelemetry({
      service: 'shop',
      env: {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_ENDPOINT: server.url,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr3t',
      },
    });
    try {
      await observe(telemetry, httpInfo({ functionName: 'getCart' }), () => 1);
      const traces = server.received.find((r) => r.path === '/v1/traces');
      const metrics = server.received.find((r) => r.path === '/v1/metrics');
      expect(traces?.headers).toMatchObject({
        'content-type': 'application/x-protobuf',
        'x-api-key': 's3cr3t',
      });
      expect(decodeSpans(body(traces as Received))).toEqual([
        expect.objectContaining({
          name: 'GET /orders/:id',
          attributes: expect.objectContaining({ 'faas.name': 'getCart' }),
        }),
      ]);
      const points = decodeMetrics(body(metrics as Received));
      expect(points).toContainEqual(
        expect.objectContaining({
          name: 'faas.invocations',
          value: 1,
          attributes: expect.objectContaining({ 'faas.name': 'getCart' }),
        }),
      );
    } finally {
      await telemetry.shutdown(2000);
      await server.close();
    }
  });

  it('compresses with gzip when asked', async () => {
    const server = await collector();
    const telemetry = createTelemetry({
      otlp: { protocol: 'http/protobuf', endpoint: server.url, compression: 'gzip' },
      metrics: { exporter: 'none' },
    });
    try {
      await observe(telemetry, httpInfo(), () => 1);
      expect(server.received[0].headers['content-encoding']).toBe('gzip');
      expect(decodeSpans(gunzipSync(server.received[0].body))).toHaveLength(1);
    } finally {
      await telemetry.shutdown(2000);
      await server.close();
    }
  });

  it('reports a collector that refuses, with the HTTP status and its text, and never fails the invocation', async () => {
    const server = await collector(() => ({
      status: 400,
      body: 'bad request: no spans',
      type: 'text/plain',
    }));
    const diagnostics: TelemetryDiagnostic[] = [];
    const telemetry = createTelemetry({
      otlp: { protocol: 'http/protobuf', endpoint: server.url },
      metrics: { exporter: 'none' },
      onDiagnostic: (d) => diagnostics.push(d),
    });
    try {
      await expect(observe(telemetry, httpInfo(), () => 'fine')).resolves.toBeDefined();
      const failure = diagnostics.find((d) => d.message.startsWith('span export failed'));
      expect(failure?.level).toBe('warn');
      expect(String(failure?.error)).toContain('HTTP 400: bad request: no spans');
    } finally {
      await telemetry.shutdown(2000);
      await server.close();
    }
  });

  it('stays within the flush bound when nothing listens, or the collector never answers', async () => {
    const silent = await startSilentServer();
    for (const endpoint of [await closedPortEndpoint(), silent.endpoint]) {
      const telemetry = createTelemetry({
        otlp: { protocol: 'http/protobuf', endpoint, timeoutMs: 5000 },
        metrics: { exporter: 'none' },
        onDiagnostic: () => {},
      });
      const started = Date.now();
      await observe(telemetry, httpInfo(), () => 1, undefined, 300);
      expect(Date.now() - started).toBeLessThan(3000);
      await telemetry.shutdown(200);
    }
    await silent.stop();
  });

  it('speaks TLS to an https:// collector, trusting the CA it is given', async () => {
    const certificate = selfSignedCertificate();
    const server = await collector(undefined, { key: certificate.key, cert: certificate.cert });
    const diagnostics: TelemetryDiagnostic[] = [];
    const telemetry = createTelemetry({
      otlp: { protocol: 'http/protobuf', endpoint: server.url, tls: { ca: certificate.cert } },
      metrics: { exporter: 'none' },
      onDiagnostic: (d) => diagnostics.push(d),
    });
    try {
      await observe(telemetry, httpInfo(), () => 1);
      expect(server.received.map((r) => r.path)).toEqual(['/v1/traces']);
      expect(diagnostics.filter((d) => d.level !== 'debug')).toEqual([]);
    } finally {
      await telemetry.shutdown(2000);
      await server.close();
      certificate.remove();
    }
  });
});

describe('OTLP/HTTP endpoints, as the specification builds them', () => {
  const traces = (env: Record<string, string>, otlp = {}) => resolveConfig({ otlp }, env).otlpTraces;

  it('adds /v1/traces and /v1/metrics to the generic endpoint, keeping its path, and takes a signal’s own as is', () => {
    const env = {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com/otlp/',
    };
    expect(traces(env)?.url.href).toBe('https://otlp.example.com/otlp/v1/traces');
    expect(resolveConfig({}, env).otlpMetrics?.url.href).toBe('https://otlp.example.com/otlp/v1/metrics');
    expect(
      traces({ ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/ingest' })?.url.href,
    ).toBe('https://traces.example.com/ingest');
    expect(traces({}, { protocol: 'http/protobuf', endpoint: 'http://collector:4318' })?.url.href).toBe(
      'http://collector:4318/v1/traces',
    );
  });

  it('defaults to localhost:4318 over HTTP, and to localhost:4317 over gRPC', () => {
    expect(traces({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' })?.url.href).toBe(
      'http://localhost:4318/v1/traces',
    );
    expect(traces({})?.url.href).toBe('http://localhost:4317/');
    expect(traces({})?.protocol).toBe('grpc');
  });

  it('reads the signal’s own protocol first, and sends http/json as http/protobuf with a warning', () => {
    const config = resolveConfig(
      {},
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json' },
    );
    expect(config.otlpTraces?.protocol).toBe('grpc');
    expect(config.otlpMetrics?.protocol).toBe('http/protobuf');
    expect(config.warnings).toContain(
      'OTEL_EXPORTER_OTLP_PROTOCOL=http/json is sent as http/protobuf, which faasade speaks',
    );
  });
});
