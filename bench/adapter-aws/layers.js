// faasade's per-invocation cost taken apart, one layer added at a time, each doing the same job
// as the subjects (see subjects.js) so that the differences between rows are the layers' costs.
const { LAMBDA_ENV, httpApiEvent } = require('./subjects');

const noopExporter = {
  export: (_items, done) => done({ code: 0 }),
  shutdown: async () => {},
  forceFlush: async () => {},
};

function app(log) {
  const { defineApp, http, json } = require('@faasade/core');
  return defineApp({
    service: 'bench',
    functions: {
      createOrder: http({ method: 'POST', route: '/orders' }, async (req, ctx) => {
        const { sku, quantity } = await req.json();
        if (log) ctx.log.info('order accepted', { sku, quantity });
        return json({ id: ctx.invocationId, sku, quantity }, { status: 201 });
      }),
    },
  });
}

function telemetry(traces, metrics) {
  const { createTelemetry } = require('@faasade/core/telemetry');
  return createTelemetry({
    service: 'bench',
    traces: { exporter: traces ? noopExporter : 'none' },
    metrics: { exporter: metrics ? noopExporter : 'none' },
    env: {},
  });
}

/** The core's Runtime called with a ready HttpInput: no Lambda event, no adapter. */
function runtimeOnly() {
  const { Runtime } = require('@faasade/core');
  const runtime = new Runtime(app(false), { cloud: 'aws' });
  const event = httpApiEvent();
  const input = {
    method: 'POST',
    path: '/orders',
    query: '',
    headers: event.headers,
    body: event.body,
    scheme: 'https',
  };
  return async (_event, context) => {
    const out = await runtime.http(
      input,
      { invocationId: context.awsRequestId, deadline: Date.now() + 3000 },
      'createOrder',
    );
    return { statusCode: out.status, body: out.body };
  };
}

function adapter(log, observer) {
  const { toLambda } = require('@faasade/aws-lambda');
  return toLambda(app(log), { observer }).createOrder;
}

const LOGGING = '+ one log line (= "faasade (logging)")';

/** Each layer, how to build it, and the layer its cost is measured against. */
const layers = {
  'core Runtime.http, no adapter, no log line': { build: runtimeOnly },
  '+ AWS adapter (event in, result out)': {
    build: () => adapter(false),
    over: 'core Runtime.http, no adapter, no log line',
  },
  [LOGGING]: { build: () => adapter(true), over: '+ AWS adapter (event in, result out)' },
  '+ tracing only (span, no-op exporter)': {
    build: () => adapter(true, telemetry(true, false)),
    over: LOGGING,
  },
  '+ metrics only (FaaS metrics, no-op exporter)': {
    build: () => adapter(true, telemetry(false, true)),
    over: LOGGING,
  },
  '+ tracing + metrics (= "faasade (logging + tracing + metrics)")': {
    build: () => adapter(true, telemetry(true, true)),
    over: LOGGING,
  },
};

module.exports = { layers, LAMBDA_ENV };
