#!/usr/bin/env node
// `npm run slo -w @faasade/orders-azure`: regenerates deploy/slo/orders-slo-alerts.json, the
// Azure Monitor alert rules of the orders app's SLOs, with the faasade CLI from the objectives
// in packages/slo/examples/orders.slo.ts. main.bicep deploys the file as a module. The template
// test fails when the committed file is not what the objectives generate.
const { spawnSync } = require('node:child_process');
const { copyFileSync, mkdirSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const here = path.resolve(__dirname, '..');
const root = path.resolve(here, '../..');
const config = path.join(root, 'packages/slo/examples/orders.slo.ts');
const target = path.join(here, 'deploy/slo/orders-slo-alerts.json');
const out = mkdtempSync(path.join(tmpdir(), 'orders-azure-slo-'));

try {
  const cli = path.join(root, 'packages/cli/bin/faasade.js');
  const run = spawnSync(process.execPath, [cli, 'slo', 'generate', '--config', config, '--out', out], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(out, 'azure/orders-slo-alerts.json'), target);
  process.stdout.write(`wrote ${path.relative(root, target)}\n`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
