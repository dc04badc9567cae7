import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineApp, http, queue } from '@faasade/core';
import { sqsEvent } from '@faasade/testing/aws';
import { createTelemetry, tracedFetch } from '@faasade/core/telemetry';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { formatXRayHeader, parseXRayHeader, toLambda } from '../src';
import { captureLogs, context, httpApiEvent } from './fixtures';

captureLogs();

describe('the X-Ray propagator', () => {
  it('reads back every context it writes', () => {
    const hex = (n: number) =>
      fc
        .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n })
        .filter((h) => !/^0+$/.test(h));
    fc.assert(
      fc.property(fc.record({ traceId: hex(32), spanId: hex(16), sampled: fc.boolean() }), (ids) => {
        expect(parseXRayHeader(formatXRayHeader(ids))).toEqual(ids);
      }),
    );
  });
});

describe('with telemetry on', () => {
  const spans = new InMemorySpanExporter();
  const telemetry = createTelemetry({
    traces: { exporter: spans },
    metrics: { exporter: 'none' },
    onDiagnostic: () => {},
  });
  let server: Server;
  let downstream: string;
  const received: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    downstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stock`;
  });
  afterAll(async () => {
    await telemetry.shutdown();
    await new Promise((resolve) => server.close(resolve));
  });

  const app = defineApp({
    service: 'orders',
    functions: {
      getOrder: http({ method: 'GET', route: '/orders/:id' }, async () =>
        (await tracedFetch(downstream)).json(),
      ),
    },
  });
  const { getOrder } = toLambda(app, { observer: telemetry });

  it("makes the invocation span a child of the request's X-Ray trace, with the Lambda context's attributes", async () => {
    const xray = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    await getOrder(
      httpApiEvent({ headers: { host: 'api.example.com', 'x-amzn-trace-id': xray } }),
      context(),
    );
    const span = spans.getFinishedSpans().find((s) => s.name === 'GET /orders/:id');
    expect(span?.spanContext().traceId).toBe('5759e988bd862e3fe1be46a994272793');
    expect(span?.parentSpanContext?.spanId).toBe('53995c3f42cd8ad8');
    expect(span?.attributes).toMatchObject({
      'faas.invocation_id': context().awsRequestId,
      'cloud.provider': 'aws',
      'cloud.region': 'eu-west-1',
      'cloud.account.id': '123456789012',
      'cloud.resource_id': 'arn:aws:lambda:eu-west-1:123456789012:function:orders-getOrder:7',
      'faas.max_memory': 512 * 1024 * 1024,
    });
  });

  it('sends an X-Amzn-Trace-Id next to the traceparent on outgoing calls, naming the same trace and parent', async () => {
    await getOrder(httpApiEvent(), context());
    const headers = received.at(-1) ?? {};
    const w3c = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(headers.traceparent));
    expect(w3c).not.toBeNull();
    expect(parseXRayHeader(String(headers['x-amzn-trace-id']))).toEqual({
      traceId: w3c?.[1],
      spanId: w3c?.[2],
      sampled: true,
    });
  });
});

describe('an SQS batch with telemetry on', () => {
  it('is one span per record, and one export for the whole batch', async () => {
    const exported: number[] = [];
    const spans = new InMemorySpanExporter();
    const telemetry = createTelemetry({
      traces: {
        exporter: {
          export: (batch, done) => {
            exported.push(batch.length);
            spans.export(batch, done);
          },
          shutdown: () => spans.shutdown(),
        },
      },
      metrics: { exporter: 'none' },
      onDiagnostic: () => {},
    });
    const seen: string[] = [];
    const app = defineApp({
      service: 'orders',
      functions: {
        processOrder: queue({ queue: 'orders' }, (message) => {
          seen.push(message.text);
          if (message.text === 'bad') throw new Error('try again');
        }),
      },
    });
    const { processOrder } = toLambda(app, { observer: telemetry });
    try {
      const event = sqsEvent([{ body: 'a' }, { body: 'bad' }, { body: 'c' }, { body: 'd' }]);
      const result = await processOrder(event, context());
      expect(seen).toEqual(['a', 'bad', 'c', 'd']);
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1].messageId }]);
      expect(exported).toEqual([4]);
      const ids = new Set(spans.getFinishedSpans().map((s) => s.attributes['messaging.message.id']));
      expect(ids).toEqual(new Set(event.Records.map((r) => r.messageId)));
    } finally {
      await telemetry.shutdown();
    }
  });
});
