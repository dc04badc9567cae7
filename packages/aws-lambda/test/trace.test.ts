import { defaultTextMapGetter, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import {
  defineApp,
  http,
  type InvocationInfo,
  parseTraceparent,
  queue,
  schedule,
  type TraceIds,
} from '@faasade/core';
import { sqsEvent } from '@faasade/testing/aws';
import fc from 'fast-check';
import { toLambda, traceparentFromXRay } from '../src';
import { captureLogs, context, httpApiEvent } from './fixtures';

/** What the OpenTelemetry X-Ray propagator makes of a header, as a traceparent. */
function oracle(header: string): string | undefined {
  const extracted = new AWSXRayPropagator().extract(
    ROOT_CONTEXT,
    { 'x-amzn-trace-id': header },
    defaultTextMapGetter,
  );
  const span = trace.getSpanContext(extracted);
  if (!span) return undefined;
  return `00-${span.traceId.toLowerCase()}-${span.spanId.toLowerCase()}-0${span.traceFlags & 1}`;
}

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });
const nearly = (length: number) =>
  fc.oneof(hex(length), hex(length - 1), hex(length + 1), fc.constant('0'.repeat(length)));
const part = (key: string, value: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.constantFrom('', ' '), value, fc.constantFrom('', ' '))
    .map(([a, v, b]) => `${a}${key}=${v}${b}`);

/** X-Ray headers built from valid and almost valid parts, in any order, with the keys X-Ray adds. */
const xrayHeader = fc
  .tuple(
    fc.option(
      part(
        'Root',
        fc.tuple(fc.constantFrom('1', '2'), nearly(8), nearly(24)).map(([v, a, b]) => `${v}-${a}-${b}`),
      ),
    ),
    fc.option(part('Parent', nearly(16))),
    fc.option(part('Sampled', fc.constantFrom('0', '1', '?', 'true', ''))),
    fc.option(part('Lineage', fc.constant('a87bd80c:1|68fd508a:5'))),
    fc.option(part('Self', fc.constant('1-67891234-12456789abcdef012345678'))),
  )
  .chain((parts) =>
    fc.shuffledSubarray(
      parts.filter((p): p is string => p !== null),
      { minLength: parts.filter(Boolean).length },
    ),
  )
  .map((parts) => parts.join(';'));

describe('X-Ray to W3C trace context', () => {
  it('translates the documented example', () => {
    expect(
      traceparentFromXRay('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'),
    ).toBe('00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01');
  });

  it('accepts exactly the headers the OpenTelemetry X-Ray propagator accepts, with the same ids and sampling', () => {
    fc.assert(
      fc.property(xrayHeader, (header) => {
        expect(traceparentFromXRay(header)).toBe(oracle(header));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips any valid trace and span ids and sampling decision', () => {
    const ids = fc.record({
      traceId: hex(32)
        .map((h) => h.toLowerCase())
        .filter((h) => !/^0+$/.test(h)),
      spanId: hex(16)
        .map((h) => h.toLowerCase())
        .filter((h) => !/^0+$/.test(h)),
      sampled: fc.boolean(),
    });
    fc.assert(
      fc.property(ids, (t: TraceIds) => {
        const header = `Root=1-${t.traceId.slice(0, 8)}-${t.traceId.slice(8)};Parent=${t.spanId};Sampled=${t.sampled ? 1 : 0}`;
        expect(parseTraceparent(traceparentFromXRay(header))).toEqual(t);
      }),
    );
  });

  it('never throws on arbitrary text, and whatever it returns is a valid traceparent', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: fc.constantFrom('Root=', 'Parent=', 'Sampled=', ';', '1-', 'a', '0', '-', ' ') }),
        ),
        (text) => {
          const result = traceparentFromXRay(text);
          if (result !== undefined) expect(parseTraceparent(result)).toBeDefined();
          expect(result).toBe(oracle(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

const XRAY = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const FROM_XRAY = { traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: true };
const ENV = 'Root=1-6a1b2c3d-0123456789abcdef01234567;Parent=1111222233334444;Sampled=0;Lineage=a87bd80c:1';
const FROM_ENV = { traceId: '6a1b2c3d0123456789abcdef01234567', spanId: '1111222233334444', sampled: false };
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const FROM_TRACEPARENT = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  sampled: true,
};

describe('which trace an invocation continues', () => {
  const traces: (TraceIds | undefined)[] = [];
  const carriers: InvocationInfo['carrier'][] = [];
  const app = defineApp({
    service: 'orders',
    functions: {
      getOrder: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => {
        traces.push(ctx.trace);
        return {};
      }),
      processOrder: queue({ queue: 'orders' }, (_msg, ctx) => {
        traces.push(ctx.trace);
      }),
      tick: schedule({ every: '5m' }, (ctx) => {
        traces.push(ctx.trace);
      }),
    },
  });
  const lambda = toLambda(app, {
    observer: {
      start(info) {
        carriers.push(info.carrier);
        return { traceIds: undefined, run: (fn) => fn(), end() {} };
      },
      flush: async () => {},
    },
  });
  captureLogs();

  beforeEach(() => {
    traces.length = 0;
    carriers.length = 0;
    process.env._X_AMZN_TRACE_ID = ENV;
  });
  afterAll(() => {
    delete process.env._X_AMZN_TRACE_ID;
  });

  const request = (headers: Record<string, string>) =>
    httpApiEvent({ headers: { host: 'api.example.com', ...headers } });

  it("prefers a request's traceparent to its X-Amzn-Trace-Id and to Lambda's", async () => {
    await lambda.getOrder(request({ traceparent: TRACEPARENT, 'x-amzn-trace-id': XRAY }), context());
    expect(traces).toEqual([FROM_TRACEPARENT]);
  });

  it("continues the request's X-Amzn-Trace-Id, adding the traceparent and keeping the original keys", async () => {
    await lambda.getOrder(request({ 'x-amzn-trace-id': XRAY }), context());
    expect(traces).toEqual([FROM_XRAY]);
    expect(carriers[0]).toMatchObject({
      'x-amzn-trace-id': XRAY,
      host: 'api.example.com',
      traceparent: `00-${FROM_XRAY.traceId}-${FROM_XRAY.spanId}-01`,
    });
  });

  it("falls back to Lambda's _X_AMZN_TRACE_ID when the request's header has no parent (as API Gateway sends it)", async () => {
    await lambda.getOrder(
      request({ 'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793' }),
      context(),
    );
    expect(traces).toEqual([FROM_ENV]);
  });

  it("continues each message's own trace: its traceparent attribute, else its AWSTraceHeader, else the invocation's", async () => {
    const event = sqsEvent([
      { id: 'w3c', body: 'x', attributes: { traceparent: TRACEPARENT }, traceHeader: XRAY },
      { id: 'xray', body: 'x', traceHeader: XRAY },
      { id: 'none', body: 'x' },
    ]);
    await lambda.processOrder(event, context());
    expect(traces).toEqual([FROM_TRACEPARENT, FROM_XRAY, FROM_ENV]);
  });

  it("continues Lambda's trace in a scheduled run", async () => {
    await lambda.tick(
      { source: 'aws.events', 'detail-type': 'Scheduled Event', id: 's', time: '2026-11-24T10:00:00Z' },
      context(),
    );
    expect(traces).toEqual([FROM_ENV]);
  });

  it('starts no trace when there is none to continue', async () => {
    delete process.env._X_AMZN_TRACE_ID;
    await lambda.getOrder(request({}), context());
    expect(traces).toEqual([undefined]);
  });
});
