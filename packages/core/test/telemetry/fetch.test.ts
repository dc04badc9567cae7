import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createTelemetry, type Telemetry, tracedFetch } from '../../src/telemetry';
import { httpInfo, observe, remoteParent } from './support/invocations';
import { closedPortEndpoint, type OtlpReceiver, startOtlpReceiver } from './support/otlp-receiver';

const CLIENT = 3;
const STATUS_ERROR = 2;

/** A downstream service that records the headers of each call and answers with the path's status. */
async function startDownstream(): Promise<{
  url: string;
  calls: IncomingHttpHeaders[];
  close: () => Promise<void>;
}> {
  const calls: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    calls.push(req.headers);
    const status = Number(/\/status\/(\d+)/.exec(req.url ?? '')?.[1] ?? 200);
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('outgoing fetch calls continue the invocation’s trace', () => {
  let receiver: OtlpReceiver;
  let downstream: Awaited<ReturnType<typeof startDownstream>>;
  let telemetry: Telemetry;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    downstream = await startDownstream();
    telemetry = createTelemetry({
      service: 'orders',
      otlp: { endpoint: receiver.endpoint },
      metrics: { exporter: 'none' },
    });
  });
  afterEach(() => {
    receiver.reset();
    downstream.calls.length = 0;
  });
  afterAll(async () => {
    await telemetry.shutdown(2000);
    await downstream.close();
    await receiver.stop();
  });

  it('sends traceparent for a child CLIENT span of the invocation span', async () => {
    const parent = remoteParent();
    const { traceIds } = await observe(
      telemetry,
      httpInfo({ carrier: { traceparent: parent.traceparent, tracestate: 'vendor=1' } }),
      async () => {
        const res = await tracedFetch(`${downstream.url}/stock/42?x=1`, { headers: { 'x-request': 'kept' } });
        return res.text();
      },
    );
    await receiver.waitFor((r) => r.spans().length === 2);
    const client = receiver.spans().find((s) => s.kind === CLIENT);
    const sent = downstream.calls[0];
    expect(sent.traceparent).toBe(`00-${parent.traceId}-${client?.spanId}-01`);
    expect(sent.tracestate).toBe('vendor=1');
    expect(sent['x-request']).toBe('kept');
    expect(client?.parentSpanId).toBe(traceIds?.spanId);
    expect(client?.name).toBe('GET');
    expect(client?.attributes).toEqual({
      'http.request.method': 'GET',
      'url.full': `${downstream.url}/stock/42?x=1`,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(downstream.url).port),
      'http.response.status_code': 200,
    });
  });

  it('keeps the headers and method of a Request object', async () => {
    await observe(telemetry, httpInfo(), () =>
      tracedFetch(
        new Request(`${downstream.url}/orders`, {
          method: 'POST',
          headers: { 'x-from-request': 'yes' },
          body: '{}',
        }),
      ),
    );
    expect(downstream.calls[0]).toMatchObject({
      'x-from-request': 'yes',
      traceparent: expect.stringMatching(/^00-/),
    });
    await receiver.waitFor((r) => r.spans().some((s) => s.kind === CLIENT));
    expect(receiver.spans().find((s) => s.kind === CLIENT)?.name).toBe('POST');
  });

  it('is plain fetch outside an invocation: no header, no span', async () => {
    await tracedFetch(`${downstream.url}/health`);
    await telemetry.flush(2000);
    expect(downstream.calls[0].traceparent).toBeUndefined();
    expect(receiver.spans()).toEqual([]);
  });

  it('marks a 4xx answer as an error on the client side', async () => {
    await observe(telemetry, httpInfo(), () => tracedFetch(`${downstream.url}/status/404`));
    await receiver.waitFor((r) => r.spans().some((s) => s.kind === CLIENT));
    const client = receiver.spans().find((s) => s.kind === CLIENT);
    expect(client?.status.code).toBe(STATUS_ERROR);
    expect(client?.attributes['error.type']).toBe('404');
  });

  it('records a network failure on the client span and rethrows it to the caller', async () => {
    const nowhere = await closedPortEndpoint();
    const { error } = await observe(telemetry, httpInfo(), () => tracedFetch(`${nowhere}/x`));
    // undici's TypeError comes from another realm than jest's, hence the name check.
    expect((error as Error).name).toBe('TypeError');
    expect((error as Error).message).toBe('fetch failed');
    await receiver.waitFor((r) => r.spans().some((s) => s.kind === CLIENT));
    const client = receiver.spans().find((s) => s.kind === CLIENT);
    expect(client?.status.code).toBe(STATUS_ERROR);
    expect(client?.events[0].name).toBe('exception');
  });

  it('never leaks credentials written in the URL into the span', async () => {
    const withCredentials = downstream.url.replace('http://', 'http://user:secret@');
    await observe(telemetry, httpInfo(), () => tracedFetch(`${withCredentials}/x`).catch(() => undefined));
    await receiver.waitFor((r) => r.spans().some((s) => s.kind === CLIENT));
    expect(String(receiver.spans().find((s) => s.kind === CLIENT)?.attributes['url.full'])).not.toContain(
      'secret',
    );
  });

  it('keeps concurrent invocations apart: each call carries its own invocation’s trace', async () => {
    const parents = [remoteParent(), remoteParent()];
    await Promise.all(
      parents.map((p) =>
        observe(telemetry, httpInfo({ carrier: { traceparent: p.traceparent } }), async () => {
          await new Promise((r) => setTimeout(r, 5));
          return tracedFetch(`${downstream.url}/concurrent`);
        }),
      ),
    );
    const sentTraces = downstream.calls.map((h) => String(h.traceparent).split('-')[1]).sort();
    expect(sentTraces).toEqual(parents.map((p) => p.traceId).sort());
  });
});

describe('instrumentFetch: true', () => {
  it('traces plain fetch() calls during an invocation, and gives the original back on shutdown', async () => {
    const downstream = await startDownstream();
    const original = globalThis.fetch;
    const telemetry = createTelemetry({
      traces: { exporter: 'none' },
      metrics: { exporter: 'none' },
      instrumentFetch: true,
    });
    try {
      expect(globalThis.fetch).not.toBe(original);
      const { traceIds } = await observe(telemetry, httpInfo(), () => fetch(`${downstream.url}/patched`));
      await fetch(`${downstream.url}/outside`);
      expect(String(downstream.calls[0].traceparent).split('-')[1]).toBe(traceIds?.traceId);
      expect(downstream.calls[1].traceparent).toBeUndefined();
    } finally {
      await telemetry.shutdown(1000);
      await downstream.close();
    }
    expect(globalThis.fetch).toBe(original);
  });

  it('traces a call once when another telemetry instance patched fetch', async () => {
    const downstream = await startDownstream();
    const receiver = await startOtlpReceiver();
    const patching = createTelemetry({
      traces: { exporter: 'none' },
      metrics: { exporter: 'none' },
      instrumentFetch: true,
    });
    const tracing = createTelemetry({ otlp: { endpoint: receiver.endpoint }, metrics: { exporter: 'none' } });
    try {
      await observe(tracing, httpInfo(), () => tracedFetch(`${downstream.url}/once`));
      await receiver.waitFor((r) => r.spans().length === 2);
      expect(receiver.spans().filter((s) => s.kind === CLIENT)).toHaveLength(1);
      expect(downstream.calls).toHaveLength(1);
    } finally {
      await tracing.shutdown(1000);
      await patching.shutdown(1000);
      await receiver.stop();
      await downstream.close();
    }
  });
});
