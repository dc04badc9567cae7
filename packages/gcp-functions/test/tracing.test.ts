import { defineApp, formatTraceparent, http, queue, type TraceIds } from '@faasade/core';
import {
  formatCloudTraceContext,
  parseCloudTraceContext,
  registerGcpFunctions,
} from '@faasade/gcp-functions';
import { cloudEventRequest, gcpHttpRequest, pubsubCloudEvent } from '@faasade/testing/gcp';
import fc from 'fast-check';
import { captureLogs, closeAll, type Served, serve } from './support';

const hex = (length: number) =>
  fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`)).filter((s) => !/^0+$/.test(s));
const traceIds = fc.record({ traceId: hex(32), spanId: hex(16), sampled: fc.boolean() });

describe('X-Cloud-Trace-Context', () => {
  it('reads the decimal span id as 16 hex digits, sampled when o=1', () => {
    expect(parseCloudTraceContext('105445aa7843bc8bf206b12000100000/1;o=1')).toEqual({
      traceId: '105445aa7843bc8bf206b12000100000',
      spanId: '0000000000000001',
      sampled: true,
    });
    expect(parseCloudTraceContext('105445AA7843BC8BF206B12000100000/18446744073709551615;o=0')).toEqual({
      traceId: '105445aa7843bc8bf206b12000100000',
      spanId: 'ffffffffffffffff',
      sampled: false,
    });
    expect(parseCloudTraceContext('105445aa7843bc8bf206b12000100000/123')?.sampled).toBe(false);
  });

  it('rejects malformed headers, zero ids and span ids beyond 64 bits', () => {
    for (const bad of [
      '',
      'not-a-trace',
      '105445aa7843bc8bf206b12000100000',
      '105445aa7843bc8bf206b1200010000/1;o=1',
      '00000000000000000000000000000000/1;o=1',
      '105445aa7843bc8bf206b12000100000/0;o=1',
      '105445aa7843bc8bf206b12000100000/18446744073709551616;o=1',
      '105445aa7843bc8bf206b12000100000/0x1f;o=1',
    ]) {
      expect(parseCloudTraceContext(bad)).toBeUndefined();
    }
  });

  it('round-trips any valid ids through the decimal form', () => {
    fc.assert(
      fc.property(traceIds, (ids) =>
        expect(parseCloudTraceContext(formatCloudTraceContext(ids))).toEqual(ids),
      ),
    );
  });

  it('never throws on arbitrary header text', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        const ids = parseCloudTraceContext(header);
        if (ids !== undefined) expect(ids.spanId).toMatch(/^[0-9a-f]{16}$/);
      }),
    );
  });
});

const traces: (TraceIds | undefined)[] = [];
const app = defineApp({
  service: 'traced',
  functions: {
    traceEcho: http({ method: 'GET', route: '/' }, (_req, ctx) => ctx.trace ?? null),
    traceQueue: queue({ queue: 'q' }, (_msg, ctx) => {
      traces.push(ctx.trace);
    }),
  },
});
registerGcpFunctions(app);
let echo: Served;
let queueFn: Served;
const logs = captureLogs();
beforeAll(async () => {
  echo = await serve('traceEcho');
  queueFn = await serve('traceQueue');
});
afterAll(async () => {
  logs.restore();
  await closeAll();
});
beforeEach(() => {
  traces.length = 0;
});

const cloudIds: TraceIds = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  sampled: true,
};
const w3cIds: TraceIds = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  sampled: false,
};
const traceOf = async (headers: Record<string, string>, cloudTrace?: TraceIds) =>
  (await fetch(gcpHttpRequest({ baseUrl: echo.url.slice(0, -1), headers, cloudTrace }))).json();

describe('trace continuation over HTTP', () => {
  it('continues the trace of X-Cloud-Trace-Context, its span id converted to hex', async () => {
    expect(await traceOf({}, cloudIds)).toEqual(cloudIds);
  });

  it('prefers an explicit traceparent when both headers are present', async () => {
    expect(await traceOf({ traceparent: formatTraceparent(w3cIds) }, cloudIds)).toEqual(w3cIds);
  });

  it('falls back to X-Cloud-Trace-Context when the traceparent is malformed', async () => {
    expect(await traceOf({ traceparent: '00-nonsense-01' }, cloudIds)).toEqual(cloudIds);
  });

  it('continues any valid X-Cloud-Trace-Context the front end sends', async () => {
    await fc.assert(
      fc.asyncProperty(traceIds, async (ids) => expect(await traceOf({}, ids)).toEqual(ids)),
      { numRuns: 25 },
    );
  });
});

describe('trace continuation from Pub/Sub', () => {
  const deliver = (attributes: Record<string, string>, headers: Record<string, string> = {}) => {
    const request = cloudEventRequest(queueFn.url, pubsubCloudEvent({ data: 'x', attributes }), 'binary');
    for (const [k, v] of Object.entries(headers)) request.headers.set(k, v);
    return fetch(request);
  };

  it("continues the trace in the message's traceparent attribute", async () => {
    await deliver({ traceparent: formatTraceparent(w3cIds) }, { traceparent: formatTraceparent(cloudIds) });
    expect(traces).toEqual([w3cIds]);
  });

  it('continues the trace the Pub/Sub client recorded in googclient_traceparent', async () => {
    await deliver({ googclient_traceparent: formatTraceparent(w3cIds) });
    expect(traces).toEqual([w3cIds]);
  });

  it('continues the span context older Pub/Sub clients wrote in googclient_OpenTelemetrySpanContext', async () => {
    const spanContext = JSON.stringify({ traceId: cloudIds.traceId, spanId: cloudIds.spanId, traceFlags: 1 });
    await deliver({ googclient_OpenTelemetrySpanContext: spanContext });
    expect(traces).toEqual([cloudIds]);
  });

  it("falls back to the push delivery's traceparent when the message carries none", async () => {
    await deliver({ unrelated: 'yes' }, { traceparent: formatTraceparent(cloudIds) });
    expect(traces).toEqual([cloudIds]);
  });
});
