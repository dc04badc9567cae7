#!/usr/bin/env node
// `npm run bench`: runs every benchmark suite in turn (one process each, nothing else running
// in parallel), and prints their tables. A suite is a folder with a run.js. Name suites to run a
// subset: `npm run bench -- logger resilience`.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const path = require('node:path');

const wanted = process.argv.slice(2);
const suites = readdirSync(__dirname, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(__dirname, d.name, 'run.js')))
  .map((d) => d.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

let failed = 0;
for (const name of suites) {
  process.stdout.write(`\n## ${name}\n\n`);
  const r = spawnSync(process.execPath, [path.join(__dirname, name, 'run.js')], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`\n(${name} failed with exit code ${r.status})\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
