#!/usr/bin/env node
// Warm per-invocation overhead of faasade's GCP HTTP path against a bare functions-framework
// handler doing the same tiny JSON job (see subjects.js). Two figures:
//   handler level: the registered handler called with lightweight req/res objects shaped as
//     functions-framework passes them, so the HTTP server and the network are out of the figure
//     (and once more inside the AsyncLocalStorage store and `domain` functions-framework puts
//     around every request, which make each promise dearer);
//   end to end: functions-framework's own server on loopback, driven by a client process with
//     sequential keep-alive POSTs (the same load for every subject).
// Every measurement runs in its own process, RUNS rounds interleaved so that drift on a shared
// machine hits every subject alike; the table shows medians. Log lines go to /dev/null.
// Usage: npx tsc -b packages/gcp-functions && node bench/adapter-gcp/run.js [runs]
const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { subjects } = require('./subjects');

const RUNS = Number(process.argv[2] ?? 5);
const HANDLER = { warmup: 5_000, count: 20_000 };
const E2E = { warmup: 1_000, count: 4_000 };
const BASELINE = 'functions-framework (bare)';

function child(script, args) {
  const devNull = fs.openSync('/dev/null', 'w');
  const env = { ...process.env, NODE_ENV: 'production' };
  for (const key of Object.keys(env)) if (/^(FAASADE_|LOG_LEVEL$|OTEL_)/.test(key)) delete env[key];
  const proc = fork(path.join(__dirname, script), args, {
    stdio: ['ignore', devNull, 'inherit', 'ipc'],
    env,
  });
  proc.on('exit', () => fs.closeSync(devNull));
  return proc;
}

const nextMessage = (proc) =>
  new Promise((resolve, reject) => {
    proc.once('message', resolve);
    proc.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`${proc.spawnargs.join(' ')} exited with ${code}`)),
    );
  });

async function handlerLevel(name) {
  return (
    await nextMessage(child('worker.js', ['handler', name, String(HANDLER.warmup), String(HANDLER.count)]))
  ).usPerCall;
}

async function endToEnd(name) {
  const server = child('worker.js', ['server', name]);
  const { port } = await nextMessage(server);
  const { usPerCall } = await nextMessage(
    child('client.js', [String(port), String(E2E.warmup), String(E2E.count)]),
  );
  server.send('stop');
  await new Promise((resolve) => server.once('exit', resolve));
  return usPerCall;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function table(title, samples) {
  const base = median(samples[BASELINE]);
  const rows = Object.entries(samples).map(([name, values]) => {
    const m = median(values);
    const spread = `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
    const overhead = name === BASELINE ? '—' : `+${(m - base).toFixed(1)}`;
    return `| ${name} | ${m.toFixed(1)} | ${spread} | ${overhead} | ${(m / base).toFixed(2)}× |`;
  });
  return `### ${title}\n\n| subject | median µs/invocation | min–max | overhead µs | ratio |\n|---|---:|---:|---:|---:|\n${rows.join('\n')}\n`;
}

async function main() {
  const names = Object.keys(subjects);
  const samples = () => Object.fromEntries(names.map((n) => [n, []]));
  const handler = samples();
  const wrapped = samples();
  const e2e = samples();
  for (let run = 0; run < RUNS; run++) {
    for (const name of names) handler[name].push(await handlerLevel(name, 'handler'));
    for (const name of names) wrapped[name].push(await handlerLevel(name, 'wrapped'));
    for (const name of names) e2e[name].push(await endToEnd(name));
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    `GCP HTTP path, warm: ${RUNS} runs per subject, one process per run; handler level ${HANDLER.count.toLocaleString('en')} calls ` +
      `(after ${HANDLER.warmup.toLocaleString('en')}), end to end ${E2E.count.toLocaleString('en')} sequential keep-alive requests ` +
      `(after ${E2E.warmup.toLocaleString('en')}). Node ${process.version}, ${cpu} × ${os.cpus().length}.\n\n` +
      `${table('Handler level (no server, no network)', handler)}\n` +
      `${table("Handler level inside functions-framework's per-request AsyncLocalStorage + domain", wrapped)}\n` +
      `${table('End to end over loopback (functions-framework server)', e2e)}`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
