#!/usr/bin/env node
// Warm per-invocation overhead of the Azure Functions HTTP path: a real HttpRequest and
// InvocationContext -> the registered faasade handler -> HttpResponseInit, against a bare
// @azure/functions handler doing the same tiny JSON job (parse the body, log one line, answer
// 201 JSON). Both log to a discarding log handler. faasade runs with telemetry on (a span and
// the FaaS metrics per invocation) exporting to no-op exporters.
//
// Each variant runs in its own process, several times, alternating; the table shows the median
// of the per-process medians. CPU time (user + system, all threads, GC included) is the main
// figure: on a shared machine wall time also counts the time other processes held the cores.
// Loads the built output: `npx tsc -b packages/azure-functions` first.
//
//   node bench/adapter-azure/run.js [--runs 7] [--iterations 20000] [--no-telemetry]
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const os = require('node:os');

const root = path.join(__dirname, '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const RUNS = option('--runs', 7);
const ITERATIONS = option('--iterations', 20_000);
const BATCHES = 5;
const TELEMETRY = !args.includes('--no-telemetry');

const VARIANTS = {
  bare: 'bare @azure/functions handler',
  faasade: TELEMETRY ? 'faasade (logging + telemetry, no-op exporters)' : 'faasade (logging, no telemetry)',
};

if (args[0] === '--child') {
  child(args[1]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  parent();
}

function parent() {
  const results = { bare: [], faasade: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const variant of run % 2 === 0 ? ['bare', 'faasade'] : ['faasade', 'bare']) {
      const childArgs = [__filename, '--child', variant, '--iterations', String(ITERATIONS)];
      if (!TELEMETRY) childArgs.push('--no-telemetry');
      const r = spawnSync(process.execPath, childArgs, { encoding: 'utf8' });
      if (r.status !== 0) {
        process.stderr.write(r.stderr);
        process.exit(1);
      }
      results[variant].push(JSON.parse(r.stdout.trim().split('\n').pop()));
    }
  }
  const stat = (v, key) => median(results[v].map((r) => r[key]));
  console.log(
    `Azure HTTP path, warm, ${RUNS} processes per variant x ${BATCHES} batches x ${ITERATIONS} invocations`,
  );
  console.log(
    `node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)}\n`,
  );
  console.log(
    '| variant | CPU µs / invocation (median) | wall µs / invocation (median) | wall, best run | CPU per run |',
  );
  console.log('|---|---:|---:|---:|---|');
  for (const v of ['bare', 'faasade']) {
    const best = Math.min(...results[v].map((r) => r.wall));
    const runs = results[v].map((r) => r.cpu.toFixed(1)).join(', ');
    console.log(
      `| ${VARIANTS[v]} | ${stat(v, 'cpu').toFixed(1)} | ${stat(v, 'wall').toFixed(1)} | ${best.toFixed(1)} | ${runs} |`,
    );
  }
  const overhead = (key) => stat('faasade', key) - stat('bare', key);
  const ratio = (key) => stat('faasade', key) / stat('bare', key);
  console.log(
    `\nfaasade overhead: ${overhead('cpu').toFixed(1)} µs CPU per invocation (ratio ${ratio('cpu').toFixed(2)}x); wall ${overhead('wall').toFixed(1)} µs (ratio ${ratio('wall').toFixed(2)}x)`,
  );
}

async function child(variant) {
  const { HttpRequest, InvocationContext } = require('@azure/functions');
  const handler = variant === 'bare' ? bareHandler() : faasadeHandler();
  const discard = () => {};
  const body = JSON.stringify({ orderId: 'o-1', qty: 3 });
  const invoke = () =>
    handler(
      new HttpRequest({
        method: 'POST',
        url: 'https://orders.azurewebsites.net/api/orders',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'bench',
          'x-forwarded-for': '203.0.113.7:5123',
        },
        body: { string: body },
      }),
      new InvocationContext({ invocationId: 'bench', functionName: 'createOrder', logHandler: discard }),
    );
  const check = await invoke();
  if (check.status !== 201) throw new Error(`unexpected status ${check.status}`);
  for (let i = 0; i < ITERATIONS; i++) await invoke();
  const wall = [];
  const cpu = [];
  for (let b = 0; b < BATCHES; b++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) await invoke();
    wall.push(Number(process.hrtime.bigint() - start) / 1000 / ITERATIONS);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / ITERATIONS);
  }
  console.log(JSON.stringify({ variant, wall: median(wall), cpu: median(cpu) }));
}

function bareHandler() {
  return async (request, context) => {
    const input = await request.json();
    context.info(
      JSON.stringify({
        level: 'info',
        message: 'order created',
        invocationId: context.invocationId,
        orderId: input.orderId,
      }),
    );
    return {
      status: 201,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'o-1', orderId: input.orderId, total: input.qty * 2 }),
    };
  };
}

function faasadeHandler() {
  const { defineApp, http, json } = require(path.join(root, 'packages/core/dist'));
  const { registerAzureFunctions } = require(path.join(root, 'packages/azure-functions/dist'));
  const app = defineApp({
    service: 'orders',
    functions: {
      createOrder: http({ method: 'POST', route: '/orders' }, async (req, ctx) => {
        const input = await req.json();
        ctx.log.info('order created', { orderId: input.orderId });
        return json({ id: 'o-1', orderId: input.orderId, total: input.qty * 2 }, { status: 201 });
      }),
    },
  });
  const noop = () => {};
  const registrar = {
    http: noop,
    storageQueue: noop,
    serviceBusQueue: noop,
    timer: noop,
    eventGrid: noop,
    warmup: noop,
  };
  const [registration] = registerAzureFunctions(app, {
    registrar,
    observer: TELEMETRY ? telemetry() : undefined,
  });
  return registration.handler;
}

function telemetry() {
  const { createTelemetry } = require(path.join(root, 'packages/core/dist/telemetry'));
  const spans = {
    export: (_items, done) => done({ code: 0 }),
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  const metrics = {
    export: (_items, done) => done({ code: 0 }),
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  return createTelemetry({ service: 'orders', traces: { exporter: spans }, metrics: { exporter: metrics } });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
