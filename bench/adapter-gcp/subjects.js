// The two sides of the comparison, doing the same tiny JSON job: read { sku, quantity } from the
// body, check it, write one structured log line, answer 201 with a small JSON object.
const functions = require('@google-cloud/functions-framework');
const { defineApp, HttpError, http, json } = require('@faasade/core');
const { registerGcpFunctions } = require('@faasade/gcp-functions');

/** A bare functions-framework handler, as one would write it without faasade. */
function registerBare() {
  const handler = (req, res) => {
    const { sku, quantity } = req.body;
    if (typeof sku !== 'string' || !Number.isInteger(quantity)) {
      res.status(400).json({ error: { code: 'INVALID_ORDER', message: 'sku and quantity are required' } });
      return;
    }
    process.stdout.write(
      `${JSON.stringify({ severity: 'INFO', message: 'order accepted', time: new Date().toISOString(), executionId: req.executionId, sku, quantity })}\n`,
    );
    res.status(201).json({ id: req.executionId, sku, quantity });
  };
  functions.http('bareCreateOrder', handler);
  return { target: 'bareCreateOrder', handler };
}

/** The same job as a faasade function, registered by the GCP adapter; telemetry with no-op exporters when asked. */
function registerFaasade(withTelemetry) {
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
      traces: {
        exporter: {
          export: (_spans, done) => done({ code: 0 }),
          shutdown: async () => {},
          forceFlush: async () => {},
        },
      },
      metrics: {
        exporter: {
          export: (_metrics, done) => done({ code: 0 }),
          shutdown: async () => {},
          forceFlush: async () => {},
        },
      },
      env: {},
    });
  }
  const targets = registerGcpFunctions(app, { observer, projectId: 'bench-project', env: {} });
  const target = targets.find((t) => t.target === 'createOrder');
  return { target: target.target, handler: target.handler };
}

const subjects = {
  'functions-framework (bare)': () => registerBare(),
  'faasade, logging': () => registerFaasade(false),
  'faasade, logging + telemetry': () => registerFaasade(true),
};

/** The body and the headers Google's front end hands a function. */
const BODY = JSON.stringify({ sku: 'apple', quantity: 2 });
const HEADERS = {
  host: 'europe-west1-bench-project.cloudfunctions.net',
  'user-agent': 'checkout-web/1.0',
  accept: 'application/json',
  'content-type': 'application/json',
  'content-length': String(Buffer.byteLength(BODY)),
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  'x-cloud-trace-context': '4bf92f3577b34da6a3ce929d0e0e4736/67667974448284343;o=1',
  'x-forwarded-for': '203.0.113.7',
  'x-forwarded-proto': 'https',
  forwarded: 'for="203.0.113.7";proto=https',
};

module.exports = { subjects, BODY, HEADERS };
