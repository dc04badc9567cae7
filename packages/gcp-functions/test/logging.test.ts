import { defineApp, http, type LogLevel, queue } from '@faasade/core';
import { Logger, MemorySink } from '@faasade/core/logger';
import { createCloudLoggingFormatter, registerGcpFunctions } from '@faasade/gcp-functions';
import { cloudEventRequest, gcpHttpRequest, pubsubCloudEvent } from '@faasade/testing/gcp';
import { captureLogs, closeAll, type Served, serve } from './support';

const app = defineApp({
  service: 'checkout',
  functions: {
    pay: http({ method: 'POST', route: '/pay' }, (_req, ctx) => {
      ctx.log.info('payment accepted', { amount: 42 });
      return { ok: true };
    }),
    settle: queue({ queue: 'settlements' }, (_msg, ctx) => {
      ctx.log.warn('settlement late');
    }),
  },
});

const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true };
const logs = captureLogs();
const servers: Record<string, Served> = {};
beforeAll(async () => {
  registerGcpFunctions(app, { projectId: 'shop-prod' });
  servers.pay = await serve('pay');
  servers.settle = await serve('settle');
  registerGcpFunctions(app, { env: {} });
  servers.payNoProject = await serve('pay');
});
afterAll(async () => {
  logs.restore();
  await closeAll();
});
beforeEach(() => {
  logs.lines.length = 0;
});

const pay = (target: string) =>
  fetch(
    gcpHttpRequest({
      baseUrl: servers[target].url.slice(0, -1),
      method: 'POST',
      path: '/pay',
      body: {},
      cloudTrace: trace,
      headers: { 'user-agent': 'checkout-web/1.0' },
    }),
  );
const lineSaying = (message: string) => logs.lines.find((l) => l.message === message)!;

describe('Cloud Logging lines of an HTTP invocation', () => {
  it('carry severity, message, time, the trace in Cloud Trace form, labels, httpRequest and the neutral fields', async () => {
    await pay('pay');
    const line = lineSaying('payment accepted');
    expect(line).toMatchObject({
      severity: 'INFO',
      message: 'payment accepted',
      'logging.googleapis.com/trace': `projects/shop-prod/traces/${trace.traceId}`,
      'logging.googleapis.com/spanId': trace.spanId,
      'logging.googleapis.com/trace_sampled': true,
      'logging.googleapis.com/labels': { service: 'checkout', function: 'pay', cloud: 'gcp' },
      httpRequest: {
        requestMethod: 'POST',
        requestUrl: `https://${new URL(servers.pay.url).host}/pay`,
        userAgent: 'checkout-web/1.0',
        remoteIp: '203.0.113.7',
        protocol: 'HTTP/1.1',
      },
      service: 'checkout',
      cloud: 'gcp',
      function: 'pay',
      invocationId: expect.any(String),
      traceId: trace.traceId,
      spanId: trace.spanId,
      amount: 42,
    });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
    expect(line.level).toBeUndefined();
  });

  it('leave the trace key out when no project is known, keeping the span', async () => {
    await pay('payNoProject');
    const line = lineSaying('payment accepted');
    expect(line).not.toHaveProperty(['logging.googleapis.com/trace']);
    expect(line['logging.googleapis.com/spanId']).toBe(trace.spanId);
  });
});

describe('Cloud Logging lines of other invocations and outside them', () => {
  it('carry the labels but no httpRequest for a Pub/Sub invocation', async () => {
    await fetch(cloudEventRequest(servers.settle.url, pubsubCloudEvent({ data: 'x' }), 'binary'));
    const line = lineSaying('settlement late');
    expect(line).toMatchObject({
      severity: 'WARNING',
      'logging.googleapis.com/labels': { service: 'checkout', function: 'settle', cloud: 'gcp' },
    });
    expect(line).not.toHaveProperty('httpRequest');
  });

  it('are the process default once the app is registered, so module-level loggers match', () => {
    new Logger().info('connected to the database', { pool: 4 });
    expect(logs.lines).toEqual([
      {
        severity: 'INFO',
        message: 'connected to the database',
        time: expect.any(String),
        'logging.googleapis.com/labels': { service: 'checkout', cloud: 'gcp' },
        pool: 4,
      },
    ]);
  });
});

describe('severity', () => {
  it("maps every level to Cloud Logging's LogSeverity", () => {
    const sink = new MemorySink();
    const log = new Logger({ level: 'trace', sink, formatter: createCloudLoggingFormatter() });
    const levels: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
    for (const level of levels) log[level](level);
    expect(sink.records().map((r) => [r.message, r.severity])).toEqual([
      ['trace', 'DEFAULT'],
      ['debug', 'DEBUG'],
      ['info', 'INFO'],
      ['warn', 'WARNING'],
      ['error', 'ERROR'],
      ['fatal', 'CRITICAL'],
    ]);
  });
});
