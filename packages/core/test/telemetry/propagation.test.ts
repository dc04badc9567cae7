import {
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import {
  createTelemetry,
  formatTraceparent,
  fromTextMapPropagator,
  parseTraceparent,
  registerTracePropagator,
  type TracePropagator,
  unregisterTracePropagator,
  w3cTraceContext,
} from '../../src/telemetry';
import { CompositePropagator } from '../../src/telemetry/propagation/registry';
import { httpInfo } from './support/invocations';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const ignore = () => {};

describe('W3C Trace Context', () => {
  it('reads a version-00 traceparent with its sampled flag', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
    });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      sampled: false,
    });
  });

  it.each([
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['extra fields on version 00', `00-${TRACE}-${SPAN}-01-extra`],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['a short trace id', `00-${TRACE.slice(2)}-${SPAN}-01`],
  ])('refuses %s', (_why, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it('accepts fields appended by a later version', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-future`)).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
    });
  });

  it('writes what it reads', () => {
    const context = { traceId: TRACE, spanId: SPAN, sampled: true };
    expect(parseTraceparent(formatTraceparent(context))).toEqual(context);
  });

  it('carries tracestate along, joined when a platform split it over several headers', () => {
    const carrier = {
      traceparent: `00-${TRACE}-${SPAN}-01`,
      tracestate: ['a=1', 'b=2'],
    } as unknown as Record<string, string>;
    expect(w3cTraceContext.extract(carrier)).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
      traceState: 'a=1,b=2',
    });
  });

  it('reads the CloudEvents distributed-tracing extension from binary-mode ce- headers', () => {
    expect(
      w3cTraceContext.extract({ 'ce-traceparent': `00-${TRACE}-${SPAN}-01`, 'ce-tracestate': 'x=y' }),
    ).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
      traceState: 'x=y',
    });
  });
});

describe('the propagator seam', () => {
  const cloudTrace: TracePropagator = {
    name: 'x-cloud-trace-context',
    extract(carrier) {
      const m = /^([0-9a-f]{32})\/(\d+)(?:;o=([01]))?/.exec(carrier['x-cloud-trace-context'] ?? '');
      return m
        ? { traceId: m[1], spanId: BigInt(m[2]).toString(16).padStart(16, '0'), sampled: m[3] === '1' }
        : undefined;
    },
  };
  afterEach(() => unregisterTracePropagator(cloudTrace));

  it('tries each propagator in turn: the caller’s traceparent wins over a registered platform header', () => {
    registerTracePropagator(cloudTrace);
    const composite = new CompositePropagator();
    const both = {
      traceparent: `00-${TRACE}-${SPAN}-01`,
      'x-cloud-trace-context': `${'1'.repeat(32)}/17;o=1`,
    };
    expect(composite.extract(both, ignore)?.traceId).toBe(TRACE);
    expect(composite.extract({ 'x-cloud-trace-context': `${'1'.repeat(32)}/17;o=1` }, ignore)).toEqual({
      traceId: '1'.repeat(32),
      spanId: '0000000000000011',
      sampled: true,
    });
  });

  it('skips a propagator that throws or returns an invalid context, and says so', () => {
    const errors: string[] = [];
    const broken: TracePropagator = {
      name: 'broken',
      extract: () => {
        throw new Error('bad header');
      },
    };
    const invalid: TracePropagator = {
      name: 'invalid',
      extract: () => ({ traceId: 'nope', spanId: 'nope', sampled: true }),
    };
    const composite = new CompositePropagator([broken, invalid, w3cTraceContext]);
    expect(
      composite.extract({ traceparent: `00-${TRACE}-${SPAN}-01` }, (p) => errors.push(p.name))?.spanId,
    ).toBe(SPAN);
    expect(errors).toEqual(['broken']);
  });

  it('injects every format that can be written', () => {
    const b3: TracePropagator = {
      name: 'b3',
      extract: () => undefined,
      inject: (c, set) => set('b3', `${c.traceId}-${c.spanId}-${c.sampled ? 1 : 0}`),
    };
    const headers: Record<string, string> = {};
    new CompositePropagator([w3cTraceContext, b3]).inject(
      { traceId: TRACE, spanId: SPAN, sampled: true, traceState: 'k=v' },
      (n, v) => {
        headers[n] = v;
      },
      ignore,
    );
    expect(headers).toEqual({
      traceparent: `00-${TRACE}-${SPAN}-01`,
      tracestate: 'k=v',
      b3: `${TRACE}-${SPAN}-1`,
    });
  });

  it('parents the invocation span to a context only a registered propagator understood', async () => {
    registerTracePropagator(cloudTrace);
    const telemetry = createTelemetry({ traces: { exporter: 'none' }, metrics: { exporter: 'none' } });
    const observation = telemetry.start(
      httpInfo({ carrier: { 'x-cloud-trace-context': `${TRACE}/17;o=1` } }),
    );
    observation.end({ status: 200 });
    expect(observation.traceIds?.traceId).toBe(TRACE);
    await telemetry.shutdown(1000);
  });

  it('adapts an OpenTelemetry TextMapPropagator, both ways', () => {
    // B3 single-header (`b3: {trace}-{span}-{sampled}`), written against the API as a library would.
    const b3: TextMapPropagator = {
      inject(context: Context, carrier: unknown, setter: TextMapSetter) {
        const span = trace.getSpanContext(context);
        if (span)
          setter.set(carrier, 'b3', `${span.traceId}-${span.spanId}-${span.traceFlags & TraceFlags.SAMPLED}`);
      },
      extract(context: Context, carrier: unknown, getter: TextMapGetter) {
        const [traceId, spanId, sampled] = String(getter.get(carrier, 'b3') ?? '').split('-');
        if (!traceId || !spanId) return context;
        return trace.setSpanContext(context, {
          traceId,
          spanId,
          traceFlags: Number(sampled),
          isRemote: true,
        });
      },
      fields: () => ['b3'],
    };
    const adapted = fromTextMapPropagator('b3', b3);
    expect(adapted.extract({ b3: `${TRACE}-${SPAN}-1` })).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
    });
    expect(adapted.extract({})).toBeUndefined();
    const headers: Record<string, string> = {};
    adapted.inject?.({ traceId: TRACE, spanId: SPAN, sampled: false }, (n, v) => {
      headers[n] = v;
    });
    expect(headers).toEqual({ b3: `${TRACE}-${SPAN}-0` });
  });
});
