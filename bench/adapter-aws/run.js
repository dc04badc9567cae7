#!/usr/bin/env node
// Warm per-invocation overhead on AWS Lambda's HTTP API (payload 2.0) event: a bare handler
// against faasade (logging; logging + tracing + metrics with no-op exporters), Hono's
// `hono/aws-lambda` handle, and Middy with Powertools' Logger + Metrics middlewares, all doing
// the same tiny JSON job (see subjects.js). The handler is called in-process with the event and
// a Lambda context, as the Lambda runtime calls it; the runtime's own overhead is the same for
// all and out of the figure. `--layers` takes faasade's cost apart instead (see layers.js).
//
// Every run is its own process; runs are interleaved so that drift on a shared machine hits
// every subject alike; the tables show medians of the per-process figures. Loads the built
// output: `npx tsc -b packages/aws-lambda` first.
//
//   node bench/adapter-aws/run.js [runs] [count]              the comparison
//   node bench/adapter-aws/run.js --layers [runs] [count]     faasade's cost, one layer at a time
const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { subjects, LAMBDA_ENV } = require('./subjects');
const { layers } = require('./layers');

const args = process.argv.slice(2);
const LAYERS = args[0] === '--layers';
if (LAYERS) args.shift();
const RUNS = Number(args[0] ?? 7);
const COUNT = Number(args[1] ?? 20_000);
const WARMUP = 5_000;
const BASELINE = 'bare handler';

function measure(name) {
  return new Promise((resolve, reject) => {
    const devNull = fs.openSync('/dev/null', 'w');
    const env = { ...process.env, ...LAMBDA_ENV, NODE_ENV: 'production' };
    for (const key of Object.keys(env)) {
      if (/^(FAASADE_|LOG_LEVEL$|OTEL_|POWERTOOLS_)/.test(key)) delete env[key];
    }
    const proc = fork(path.join(__dirname, 'worker.js'), [name, String(WARMUP), String(COUNT)], {
      stdio: ['ignore', devNull, 'inherit', 'ipc'],
      env,
    });
    proc.once('message', (m) => resolve(m.usPerCall));
    proc.once('exit', (code) => {
      fs.closeSync(devNull);
      if (code !== 0) reject(new Error(`${name} exited with ${code}`));
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;

function comparison(names, samples) {
  const base = median(samples[BASELINE]);
  const rows = names.map((name) => {
    const m = median(samples[name]);
    const overhead = name === BASELINE ? '—' : `+${(m - base).toFixed(1)}`;
    return `| ${name} | ${m.toFixed(1)} | ${spread(samples[name])} | ${overhead} | ${(m / base).toFixed(2)}× |`;
  });
  return `| subject | median µs/invocation | min–max | overhead over bare µs | ratio |\n|---|---:|---:|---:|---:|\n${rows.join('\n')}\n`;
}

function breakdown(names, samples) {
  const rows = names.map((name) => {
    const m = median(samples[name]);
    const over = layers[name]?.over;
    const added =
      over === undefined
        ? '—'
        : `${m >= median(samples[over]) ? '+' : ''}${(m - median(samples[over])).toFixed(1)}`;
    return `| ${name} | ${m.toFixed(1)} | ${spread(samples[name])} | ${added} | ${over ?? ''} |`;
  });
  return `| layer | median µs/invocation | min–max | added µs | over |\n|---|---:|---:|---:|---|\n${rows.join('\n')}\n`;
}

async function main() {
  const names = LAYERS ? [BASELINE, ...Object.keys(layers)] : Object.keys(subjects);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(await measure(name));
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    `AWS Lambda HTTP API (v2) event, warm: ${RUNS} processes per ${LAYERS ? 'layer' : 'subject'}, ` +
      `${COUNT.toLocaleString('en')} sequential invocations each (after ${WARMUP.toLocaleString('en')}). ` +
      `Node ${process.version}, ${cpu} × ${os.cpus().length}, load average ${os.loadavg()[0].toFixed(1)} at the end.\n\n` +
      (LAYERS ? breakdown(names, samples) : comparison(names, samples)),
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
