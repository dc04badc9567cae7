#!/usr/bin/env node
// Profiles one subject or layer (names as in subjects.js and layers.js) with `node --cpu-prof`
// and prints where its CPU time goes, by part (the adapter, the core's pipeline, its logger, its
// telemetry, OpenTelemetry's SDKs, async_hooks, GC) and by function. The profile is written to a
// temporary directory, whose path is printed. Percentages are of all samples, start-up included;
// the sampling profiler inflates the per-invocation time, so read shares, not microseconds.
//
//   node bench/adapter-aws/profile.js "faasade (logging + tracing + metrics)" [count]
const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { LAMBDA_ENV } = require('./subjects');

const [name, count = '40000'] = process.argv.slice(2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faasade-aws-profile-'));

const PARTS = [
  ['module loading (start-up)', /cjs\/loader|bootstrap|run_main/],
  ['@opentelemetry/sdk-metrics', /sdk-metrics/],
  ['@opentelemetry/sdk-trace', /sdk-trace/],
  ['@opentelemetry/core + api', /@opentelemetry\/(core|api)\//],
  ['faasade core: telemetry', /core\/dist\/telemetry/],
  ['faasade core: logger', /core\/dist\/logger/],
  ['faasade core: invoke + context', /core\/dist\/(invoke|context)/],
  ['faasade core: function (request, response)', /core\/dist\/function/],
  ['faasade aws-lambda adapter', /aws-lambda\/dist/],
  ['bench (handler, event, context)', /bench\/adapter-aws/],
  ['async_hooks (AsyncLocalStorage)', /async_hooks/],
  ['timers', /timers/],
];

function report(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partOf = (id) => {
    // Natives (regexps, builtins) count for the part that called them.
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const url = nodes.get(cur).callFrame.url;
      const part = PARTS.find(([, re]) => re.test(url));
      if (part) return part[0];
    }
    return nodes.get(id).callFrame.functionName || '(native)';
  };
  const byPart = new Map();
  const byFunction = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const t = profile.timeDeltas[i] ?? 0;
    total += t;
    const frame = nodes.get(id).callFrame;
    const fn = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(packages|bench)\//, '$1/')}:${frame.lineNumber + 1}`;
    byPart.set(partOf(id), (byPart.get(partOf(id)) ?? 0) + t);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  });
  const print = (title, map, top) => {
    process.stdout.write(`\n${title}\n`);
    for (const [key, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${((100 * t) / total).toFixed(1).padStart(6)}%  ${key}\n`);
    }
  };
  print('By part (self time)', byPart, 20);
  print('By function (self time)', byFunction, 30);
}

const proc = fork(path.join(__dirname, 'worker.js'), [name, '5000', count], {
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '25'],
  env: { ...process.env, ...LAMBDA_ENV, NODE_ENV: 'production' },
});
proc.once('message', (m) =>
  process.stdout.write(`${name}: ${m.usPerCall.toFixed(1)} µs/invocation under the profiler\n`),
);
proc.once('exit', (code) => {
  if (code !== 0) process.exit(code ?? 1);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  process.stdout.write(`profile: ${path.join(dir, file)}\n`);
  report(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
});
