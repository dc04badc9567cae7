#!/usr/bin/env node
// `npm run slo -w @faasade/orders-gcp`: regenerates deploy/terraform/orders-slo.tf.json (the Cloud
// Monitoring SLOs and burn-rate alert policies) from the orders objectives, with the faasade CLI.
// Needs the CLI built (npm run build). test/template.test.ts fails when the file is out of date.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const config = path.join(root, 'packages/slo/examples/orders.slo.ts');
const target = path.join(__dirname, '../deploy/terraform/orders-slo.tf.json');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'orders-gcp-slo-'));
try {
  execFileSync(
    process.execPath,
    [path.join(root, 'packages/cli/bin/faasade.js'), 'slo', 'generate', '--config', config, '--out', out],
    { stdio: 'inherit' },
  );
  fs.copyFileSync(path.join(out, 'gcp/orders-slo.tf.json'), target);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
