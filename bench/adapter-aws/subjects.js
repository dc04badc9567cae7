// The subjects of the comparison, each doing the same tiny JSON job on an HTTP API (payload 2.0)
// event: read { sku, quantity } from the body, check it, write one structured log line, answer
// 201 with a small JSON object. Each factory returns a Lambda handler `(event, context) => result`.
const noopExporter = {
  export: (_items, done) => done({ code: 0 }),
  shutdown: async () => {},
  forceFlush: async () => {},
};

function invalid() {
  return {
    statusCode: 400,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: { code: 'INVALID_ORDER', message: 'sku and quantity are required' } }),
  };
}

/** A bare handler, as one would write it without a framework. */
function bare() {
  return async (event, context) => {
    const { sku, quantity } = JSON.parse(event.body);
    if (typeof sku !== 'string' || !Number.isInteger(quantity)) return invalid();
    process.stdout.write(
      `${JSON.stringify({ level: 'info', time: new Date().toISOString(), message: 'order accepted', requestId: context.awsRequestId, sku, quantity })}\n`,
    );
    return {
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: context.awsRequestId, sku, quantity }),
    };
  };
}

/** The job as a faasade function behind toLambda; telemetry (span + FaaS metrics) with no-op exporters when asked. */
function faasade(withTelemetry) {
  const { defineApp, HttpError, http, json } = require('@faasade/core');
  const { toLambda } = require('@faasade/aws-lambda');
  const app = defineApp({
    service: 'bench',
    functions: {
      createOrder: http({ method: 'POST', route: '/orders' }, async (req, ctx) => {
        const { sku, quantity } = await req.json();
        if (typeof sku !== 'string' || !Number.isInteger(quantity)) {
          throw new HttpError(400, 'INVALID_ORDER', 'sku and quantity are required');
        }
        ctx.log.info('order accepted', { sku, quantity });
        return json({ id: ctx.invocationId, sku, quantity }, { status: 201 });
      }),
    },
  });
  let observer;
  if (withTelemetry) {
    const { createTelemetry } = require('@faasade/core/telemetry');
    observer = createTelemetry({
      service: 'bench',
      traces: { exporter: noopExporter },
      metrics: { exporter: noopExporter },
      env: {},
    });
  }
  return toLambda(app, { observer }).createOrder;
}

/** Hono's own Lambda adapter. */
function hono() {
  const { Hono } = require('hono');
  const { handle } = require('hono/aws-lambda');
  const app = new Hono();
  app.post('/orders', async (c) => {
    const { sku, quantity } = await c.req.json();
    if (typeof sku !== 'string' || !Number.isInteger(quantity)) {
      return c.json({ error: { code: 'INVALID_ORDER', message: 'sku and quantity are required' } }, 400);
    }
    const requestId = c.env.lambdaContext.awsRequestId;
    process.stdout.write(
      `${JSON.stringify({ level: 'info', time: new Date().toISOString(), message: 'order accepted', requestId, sku, quantity })}\n`,
    );
    return c.json({ id: requestId, sku, quantity }, 201);
  });
  return handle(app);
}

/** Middy with Powertools' Logger and Metrics middlewares (one metric per invocation, EMF on stdout). */
async function middyPowertools() {
  const { default: middy } = await import('@middy/core');
  const { Logger } = require('@aws-lambda-powertools/logger');
  const { injectLambdaContext } = require('@aws-lambda-powertools/logger/middleware');
  const { Metrics, MetricUnit } = require('@aws-lambda-powertools/metrics');
  const { logMetrics } = require('@aws-lambda-powertools/metrics/middleware');
  const logger = new Logger({ serviceName: 'bench' });
  const metrics = new Metrics({ namespace: 'bench', serviceName: 'bench' });
  const handler = async (event, context) => {
    const { sku, quantity } = JSON.parse(event.body);
    if (typeof sku !== 'string' || !Number.isInteger(quantity)) return invalid();
    logger.info('order accepted', { sku, quantity });
    metrics.addMetric('ordersAccepted', MetricUnit.Count, 1);
    return {
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: context.awsRequestId, sku, quantity }),
    };
  };
  return middy(handler).use(injectLambdaContext(logger)).use(logMetrics(metrics));
}

const subjects = {
  'bare handler': bare,
  'faasade (logging)': () => faasade(false),
  'faasade (logging + tracing + metrics)': () => faasade(true),
  'hono/aws-lambda handle': hono,
  'Middy + Powertools Logger + Metrics': middyPowertools,
};

const BODY = JSON.stringify({ sku: 'apple', quantity: 2 });

/** An HTTP API payload 2.0 event for POST /orders, as API Gateway sends it. */
function httpApiEvent() {
  return {
    version: '2.0',
    routeKey: 'POST /orders',
    rawPath: '/orders',
    rawQueryString: '',
    headers: {
      accept: 'application/json',
      'content-length': String(Buffer.byteLength(BODY)),
      'content-type': 'application/json',
      host: 'abc123def4.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'checkout-web/1.0',
      'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123def4',
      domainName: 'abc123def4.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123def4',
      http: {
        method: 'POST',
        path: '/orders',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'checkout-web/1.0',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: 'POST /orders',
      stage: '$default',
      time: '24/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795514400000,
    },
    body: BODY,
    isBase64Encoded: false,
  };
}

/** The Lambda context for invocation `i`. */
function lambdaContext(i) {
  const deadline = Date.now() + 3000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    awsRequestId: `c6af9ac6-7b61-11e6-9a41-${String(i).padStart(12, '0')}`,
    functionName: 'bench-createOrder',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench-createOrder',
    memoryLimitInMB: '1024',
    logGroupName: '/aws/lambda/bench-createOrder',
    logStreamName: '2026/11/24/[$LATEST]a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

/** What Lambda sets for every function; Powertools and faasade read some of it. */
const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_LAMBDA_FUNCTION_NAME: 'bench-createOrder',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  AWS_LAMBDA_LOG_STREAM_NAME: '2026/11/24/[$LATEST]a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  _X_AMZN_TRACE_ID:
    'Root=1-67891233-abcdef012345678912345678;Parent=5b00e9c1c1bd5d39;Sampled=1;Lineage=1:5af49b6c:0',
};

module.exports = { subjects, httpApiEvent, lambdaContext, LAMBDA_ENV };
