import { createSecureServer, createServer } from 'node:http2';
import { gunzipSync } from 'node:zlib';
import { createTelemetry, type TelemetryDiagnostic } from '../../src/telemetry';
import { httpInfo, observe } from './support/invocations';
import { decodeSpans } from './support/otlp-decode';
import { OtlpGrpcMetricExporter } from '../../src/telemetry/exporters/otlp/metric-exporter';
import { OtlpGrpcSpanExporter } from '../../src/telemetry/exporters/otlp/span-exporter';
import { closedPortEndpoint, poll, startOtlpReceiver, startSilentServer } from './support/otlp-receiver';
import { selfSignedCertificate } from './support/tls';

const endpointAt = (url: string) => ({
  protocol: 'grpc' as const,
  url: new URL(url),
  headers: {},
  timeoutMs: 2000,
  compression: 'none' as const,
});

describe('OTLP over gRPC, on Node’s own HTTP/2', () => {
  it('reconnects to a collector that restarted on the same address', async () => {
    const first = await startOtlpReceiver();
    const port = Number(new URL(first.endpoint).port);
    const diagnostics: TelemetryDiagnostic[] = [];
    const telemetry = createTelemetry({
      otlp: { endpoint: first.endpoint },
      metrics: { exporter: 'none' },
      onDiagnostic: (d) => diagnostics.push(d),
    });
    try {
      await observe(telemetry, httpInfo({ functionName: 'before' }), () => 1);
      await first.waitFor((r) => r.spans().length === 1);
      await first.stop();
      const second = await startOtlpReceiver({ port });
      try {
        await observe(telemetry, httpInfo({ functionName: 'after' }), () => 1);
        await second.waitFor((r) => r.spans().length === 1);
        expect(second.spans()[0].attributes['faas.name']).toBe('after');
      } finally {
        await second.stop();
      }
    } finally {
      await telemetry.shutdown(2000);
    }
  });

  it('reports an HTTP/2 server that is not a gRPC collector, without throwing', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const diagnostics: TelemetryDiagnostic[] = [];
    const telemetry = createTelemetry({
      otlp: { endpoint: `http://127.0.0.1:${port}` },
      metrics: { exporter: 'none' },
      onDiagnostic: (d) => diagnostics.push(d),
    });
    try {
      await observe(telemetry, httpInfo(), () => 1);
      const failure = diagnostics.find((d) => d.message.startsWith('span export failed'));
      expect(failure?.level).toBe('warn');
      expect(String(failure?.error)).toContain('HTTP 404 without grpc-status');
    } finally {
      await telemetry.shutdown(2000);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('frames gzip-compressed messages as gRPC says: flag, length, then the compressed request', async () => {
    const seen: Array<{ headers: Record<string, unknown>; flag: number; spans: string[] }> = [];
    const server = createServer();
    server.on('stream', (stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const body = Buffer.concat(chunks);
        const length = body.readUInt32BE(1);
        const spans = decodeSpans(gunzipSync(body.subarray(5, 5 + length))).map((sp) => sp.name);
        seen.push({ headers, flag: body[0], spans });
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.from([0, 0, 0, 0, 0]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const diagnostics: TelemetryDiagnostic[] = [];
    const telemetry = createTelemetry({
      otlp: { endpoint: `http://127.0.0.1:${port}`, compression: 'gzip', headers: { 'X-Team': 'orders' } },
      metrics: { exporter: 'none' },
      onDiagnostic: (d) => diagnostics.push(d),
    });
    try {
      await observe(
        telemetry,
        httpInfo({ http: { method: 'GET', route: '/zipped', path: '/zipped' } }),
        () => 1,
      );
      expect(seen).toEqual([
        {
          headers: expect.objectContaining({
            ':path': '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
            'content-type': 'application/grpc',
            'grpc-encoding': 'gzip',
            te: 'trailers',
            'x-team': 'orders',
          }),
          flag: 1,
          spans: ['GET /zipped'],
        },
      ]);
      expect(diagnostics.filter((d) => d.level !== 'debug')).toEqual([]);
    } finally {
      await telemetry.shutdown(2000);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('exports over mTLS with the certificates the standard variables name', async () => {
    const certificate = selfSignedCertificate();
    const seen: Array<{ path: unknown; client: string | undefined }> = [];
    const server = createSecureServer({
      key: certificate.key,
      cert: certificate.cert,
      ca: certificate.cert,
      requestCert: true,
      rejectUnauthorized: true,
    });
    server.on('stream', (stream, headers) => {
      const socket = stream.session?.socket as import('node:tls').TLSSocket | undefined;
      seen.push({ path: headers[':path'], client: socket?.getPeerCertificate().subject?.CN });
      stream.resume();
      stream.on('end', () => {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const diagnostics: TelemetryDiagnostic[] = [];
    const telemetry = createTelemetry({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `https://localhost:${port}`,
        OTEL_EXPORTER_OTLP_CERTIFICATE: certificate.certPath,
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certificate.certPath,
        OTEL_EXPORTER_OTLP_CLIENT_KEY: certificate.keyPath,
        OTEL_METRICS_EXPORTER: 'none',
      },
      onDiagnostic: (d) => diagnostics.push(d),
    });
    try {
      await observe(telemetry, httpInfo(), () => 1);
      expect(seen).toEqual([
        { path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export', client: 'localhost' },
      ]);
      expect(diagnostics.filter((d) => d.level !== 'debug')).toEqual([]);
    } finally {
      await telemetry.shutdown(2000);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      certificate.remove();
    }
  });

  it('opens the connection when an exporter is made, before the first export (cold start)', async () => {
    const server = await startSilentServer();
    const spans = new OtlpGrpcSpanExporter(endpointAt(server.endpoint));
    const metrics = new OtlpGrpcMetricExporter(endpointAt(server.endpoint));
    try {
      await poll(() => server.connections() === 2, 2000, 'both exporters to connect');
    } finally {
      await spans.shutdown();
      await metrics.shutdown();
      await server.stop();
    }
  });

  it('survives an early connection to a collector that is not there, and reports the export', async () => {
    const spans = new OtlpGrpcSpanExporter(endpointAt(await closedPortEndpoint()));
    try {
      // Let the early connection fail first: nothing thrown, no unhandled 'error'.
      await new Promise((r) => setTimeout(r, 50));
      const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
        spans.export([], resolve),
      );
      expect(result.code).toBe(1);
      expect(result.error?.message).toMatch(/OTLP export failed/);
    } finally {
      await spans.shutdown();
    }
  });
});
