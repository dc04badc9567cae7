#!/usr/bin/env node
// Telemetry benchmarks: `node bench/telemetry/run.js [warm runs] [cold rounds] [--warm]`
// (`--warm`: the warm part only; 0 warm runs: the cold part only).
//  1. Warm per-invocation overhead of faasade's telemetry (span + FaaS metrics + one custom
//     metric, exporters stubbed) against a bare handler and Middy + Powertools Logger + Metrics.
//  2. Cold start: bundle size and time from process start to the first response (its telemetry
//     flush to a local OTLP receiver included), each variant paired with a bare function in the
//     same round. Every measurement is a fresh process; rounds interleave the variants so drift on
//     a shared machine hits all of them alike. Bundles are built from source with esbuild: no build step.
const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const { build } = require('./build');
const { startReceiver } = require('./receiver');

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const WARM_ONLY = process.argv.includes('--warm');
const WARM_RUNS = Number(args[0] ?? 5);
const COLD_ROUNDS = Number(args[1] ?? 21);
const WARMUP = 5000;
const COUNT = 20000;

const WARM = {
  bare: 'bare handler',
  'faasade-core': 'faasade runtime, no telemetry',
  'faasade-telemetry-none': 'faasade runtime + telemetry (exporters `none`)',
  'faasade-telemetry-noop': 'faasade runtime + telemetry (no-op exporters)',
  'faasade-telemetry-emf': 'faasade runtime + telemetry (EMF to stdout, no-op spans)',
  'middy-bare': 'Middy, no middleware',
  'powertools-logger-metrics': 'Middy + Powertools Logger + Metrics (EMF to stdout)',
};

/** [bundle, label, extra env]; the faasade telemetry variants are configured by OTEL_* as deployed. */
const COLD = (endpoint) => [
  ['bare', 'bare function', {}],
  ['faasade-logger', 'faasade logger only', {}],
  ['faasade-lambda', 'faasade on Lambda (toLambda), no telemetry', {}],
  [
    'faasade-lambda-telemetry',
    'faasade full telemetry: OTLP traces + EMF metrics',
    { OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'emf', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
  ],
  [
    'faasade-lambda-telemetry',
    'faasade full telemetry: OTLP traces + OTLP metrics',
    { OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
  ],
  [
    'faasade-lambda-telemetry',
    'faasade telemetry: EMF metrics, spans not exported',
    { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'emf' },
  ],
  ['powertools-full', 'Powertools Logger + Metrics + Tracer (Middy)', {}],
  [
    'otel-sdk-grpc',
    'OTel SDKs + official OTLP gRPC exporters (reference)',
    { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
  ],
];

/** What a Lambda process sees; OTEL_* and POWERTOOLS_* of the caller are not inherited. */
function lambdaEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(OTEL_|POWERTOOLS_|AWS_|_X_AMZN|APPLICATIONINSIGHTS_)/.test(k)) env[k] = v;
  return {
    ...env,
    AWS_REGION: 'eu-west-1',
    AWS_LAMBDA_FUNCTION_NAME: 'getOrder',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    LAMBDA_TASK_ROOT: '/var/task',
    _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    // Powertools' Tracer sends its segments over UDP to the X-Ray daemon; nothing listens, as in a bench.
    AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    ...extra,
  };
}

function runWorker(script, args, env) {
  const devNull = fs.openSync('/dev/null', 'w');
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { stdio: ['ignore', devNull, 'inherit', 'ipc'], env });
    let result;
    child.on('message', (m) => (result = m));
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.closeSync(devNull);
      if (code === 0 && result) resolve(result);
      else reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
  });
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

async function warm(bundles) {
  const samples = Object.fromEntries(Object.keys(WARM).map((n) => [n, []]));
  for (let run = 0; run < WARM_RUNS; run++) {
    for (const name of Object.keys(WARM)) {
      const r = await runWorker(
        `${__dirname}/warm-worker.js`,
        [bundles.lambda.file, bundles[name].file, String(WARMUP), String(COUNT)],
        lambdaEnv({}),
      );
      samples[name].push(r);
    }
  }
  // CPU time (user + system of the process) is the main figure: on a shared machine wall time
  // also counts the time other processes held the cores. Medians of whole processes.
  const cpu = (n) => samples[n].map((r) => r.cpuUsPerInvocation);
  const m = Object.fromEntries(Object.keys(WARM).map((n) => [n, median(cpu(n))]));
  const wall = Object.fromEntries(
    Object.keys(WARM).map((n) => [n, median(samples[n].map((r) => r.usPerInvocation))]),
  );
  const low = Object.fromEntries(Object.keys(WARM).map((n) => [n, Math.min(...cpu(n))]));
  const rows = Object.entries(WARM).map(
    ([n, label]) =>
      `| ${label} | ${m[n].toFixed(1)} | ${Math.min(...cpu(n)).toFixed(1)}–${Math.max(...cpu(n)).toFixed(1)} | ${wall[n].toFixed(1)} | ${(m[n] / m.bare).toFixed(1)}× |`,
  );
  const over = (a, b) => [m[a] - m[b], low[a] - low[b]];
  const powertools = over('powertools-logger-metrics', 'middy-bare');
  const line = (label, [med, fast]) =>
    `| ${label} | ${med.toFixed(1)} | ${(med / powertools[0]).toFixed(2)}× | ${fast.toFixed(1)} | ${(fast / powertools[1]).toFixed(2)}× |`;
  return (
    `### Warm: CPU µs per invocation (median of ${WARM_RUNS} processes × ${COUNT} invocations after ${WARMUP} warm-up)\n\n` +
    `| subject | CPU µs (median) | min–max | wall µs (median) | vs bare |\n|---|---:|---:|---:|---:|\n${rows.join('\n')}\n\n` +
    `| overhead | CPU µs per invocation (medians) | vs Powertools L+M | CPU µs (fastest processes) | vs Powertools L+M |\n|---|---:|---:|---:|---:|\n` +
    `${line('faasade telemetry, exporters `none` (telemetry − runtime)', over('faasade-telemetry-none', 'faasade-core'))}\n` +
    `${line('faasade telemetry, no-op exporters (telemetry − runtime)', over('faasade-telemetry-noop', 'faasade-core'))}\n` +
    `${line('faasade telemetry, EMF metrics (telemetry − runtime)', over('faasade-telemetry-emf', 'faasade-core'))}\n` +
    `${line('Powertools Logger + Metrics (middlewares − bare Middy)', powertools)}\n`
  );
}

async function cold(bundles, receiver) {
  const variants = COLD(receiver.endpoint);
  const samples = variants.map(() => []);
  const fromRequire = variants.map(() => []);
  for (let round = 0; round < COLD_ROUNDS; round++) {
    // Rotate the order each round so no variant always runs right after another.
    const order = variants.map((_, i) => (i + round) % variants.length);
    for (const i of order) {
      const [name, , env] = variants[i];
      const r = await runWorker(
        `${__dirname}/cold-worker.js`,
        [bundles.lambda.file, bundles[name].file],
        lambdaEnv(env),
      );
      if (r.status !== 200) throw new Error(`${name} answered ${r.status}`);
      samples[i][round] = r.firstResponseMs;
      fromRequire[i][round] = r.fromRequireMs;
    }
  }
  const runtimeIndex = variants.findIndex(([name]) => name === 'faasade-lambda');
  const powertoolsIndex = variants.findIndex(([name]) => name === 'powertools-full');
  const signed = (ms) => `${ms >= 0 ? '+' : ''}${ms.toFixed(1)}`;
  const table = (data) => {
    const pairedDelta = (i, b) => median(data[i].map((ms, round) => ms - data[b][round]));
    const minDelta = (i, b) => Math.min(...data[i]) - Math.min(...data[b]);
    const delta = (i, b) => `${signed(pairedDelta(i, b))} / ${signed(minDelta(i, b))}`;
    const rows = variants.map(([name, label], i) => {
      const telemetry = name === 'faasade-lambda-telemetry';
      return `| ${label} | ${kb(bundles[name].bytes)} | ${median(data[i]).toFixed(1)} | ${Math.min(...data[i]).toFixed(1)} | ${i === 0 ? '—' : delta(i, 0)} | ${telemetry ? delta(i, runtimeIndex) : ''} | ${telemetry ? delta(i, powertoolsIndex) : ''} |`;
    });
    return `| variant | bundle | median ms | fastest ms | Δ vs bare | telemetry alone: Δ vs faasade without it | Δ vs Powertools |\n|---|---:|---:|---:|---:|---:|---:|\n${rows.join('\n')}\n`;
  };
  return (
    `### Cold start (${COLD_ROUNDS} rounds, each variant once per round in a fresh process)\n\n` +
    `Δ columns: median of the per-round differences / difference of the fastest runs (the least disturbed by other load).\n\n` +
    `Process start → first response, ms:\n\n${table(samples)}\n` +
    `Bundle require → first response, ms (the same runs without Node's own start-up, which every variant shares):\n\n${table(fromRequire)}\n` +
    `The local OTLP receiver got ${receiver.counts.traces} trace and ${receiver.counts.metrics} metric exports.\n`
  );
}

async function main() {
  const names = [...new Set([...Object.keys(WARM), ...(WARM_ONLY ? [] : COLD('').map(([n]) => n))])];
  const { outdir, bundles } = build(names);
  const receiver = await startReceiver();
  try {
    const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    process.stdout.write(
      `Command: node bench/telemetry/run.js ${WARM_RUNS} ${COLD_ROUNDS}${WARM_ONLY ? ' --warm' : ''}\nMachine: ${machine}\nLoad average at start: ${load}\n\n`,
    );
    if (WARM_RUNS > 0) process.stdout.write(`${await warm(bundles)}\n`);
    if (!WARM_ONLY) process.stdout.write(`${await cold(bundles, receiver)}`);
    process.stdout.write(
      `\nLoad average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
  } finally {
    await receiver.stop();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
