#!/usr/bin/env node
// Logger throughput: each logger in its own process, the same line to /dev/null, RUNS rounds
// interleaved (so drift on a shared machine hits every logger alike), median µs per line.
// Usage: node bench/logger/run.js [runs] (needs `npx tsc -b packages/core` first).
const { fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { subjects } = require('./subjects');

const RUNS = Number(process.argv[2] ?? 7);
const WARMUP = 20_000;
const COUNT = 50_000;
const BASELINE = 'pino (default, async)';

function measure(name) {
  const devNull = fs.openSync('/dev/null', 'w');
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if (/^(FAASADE_|LOG_LEVEL$|AWS_LAMBDA_|POWERTOOLS_)/.test(key)) delete env[key];
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'worker.js'), [name, String(WARMUP), String(COUNT)], {
      stdio: ['ignore', devNull, 'inherit', 'ipc'],
      env,
    });
    let result;
    child.on('message', (message) => (result = message));
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.closeSync(devNull);
      if (code === 0 && result) resolve(result.usPerLine);
      else reject(new Error(`${name} exited with ${code}`));
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  const names = Object.keys(subjects);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const name of names) samples[name].push(await measure(name));
  }
  const base = median(samples[BASELINE]);
  const rows = names.map((name) => {
    const m = median(samples[name]);
    const spread = `${Math.min(...samples[name]).toFixed(2)}–${Math.max(...samples[name]).toFixed(2)}`;
    return `| ${name} | ${m.toFixed(2)} | ${spread} | ${(m / base).toFixed(2)} |`;
  });
  process.stdout.write(
    `Logger throughput: one info line (message, 5 fields, 6 persistent keys) to /dev/null; ` +
      `${RUNS} runs of ${COUNT.toLocaleString('en')} lines each (after ${WARMUP.toLocaleString('en')} warm-up), one process per run.\n\n` +
      `| logger | median µs/line | min–max | vs pino |\n|---|---:|---:|---:|\n${rows.join('\n')}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
