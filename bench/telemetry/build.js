// Bundles each subject with esbuild into a temporary directory, the way a function is shipped:
// one minified CommonJS file for Node 20. Returns { name: { file, bytes } }.
const path = require('node:path');
const os = require('node:os');
const fs = require('node:fs');
const esbuild = require('esbuild');

/**
 * The build a function gets. `mainFields: module first` lets esbuild tree-shake the ESM builds of
 * OpenTelemetry (its semantic-conventions package alone is 80 KB of constants). The Azure Monitor
 * exporter is left out of these Lambda bundles: faasade requires it only when Azure Monitor is
 * configured, and a Lambda never is (see docs/guides/telemetry.md, "Bundling").
 */
const OPTIONS = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  logLevel: 'error',
  legalComments: 'none',
  metafile: true,
};
const LAMBDA_EXTERNALS = ['@azure/monitor-opentelemetry-exporter'];

/**
 * The workspace hoists OpenTelemetry 1.x SDKs (for another package) next to the 2.x ones
 * @faasade/core depends on; the reference subject is pinned to the 2.x SDKs its exporters need,
 * as a function's own install would be.
 */
const CORE_MODULES = path.resolve(__dirname, '../../packages/core/node_modules/@opentelemetry');
const OTEL_2X = Object.fromEntries(
  ['sdk-metrics', 'sdk-trace-base', 'sdk-trace', 'resources', 'core'].map((p) => [
    `@opentelemetry/${p}`,
    path.join(CORE_MODULES, p),
  ]),
);

function build(names) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'faasade-bench-telemetry-'));
  const result = {};
  for (const name of ['lambda', ...names]) {
    const outfile = path.join(outdir, `${name}.js`);
    esbuild.buildSync({
      ...OPTIONS,
      entryPoints: [path.join(__dirname, 'subjects', `${name}.ts`)],
      outfile,
      external: name.startsWith('faasade') ? LAMBDA_EXTERNALS : [],
      alias: name === 'otel-sdk-grpc' ? OTEL_2X : {},
    });
    result[name] = { file: outfile, bytes: fs.statSync(outfile).size };
  }
  return { outdir, bundles: result };
}

module.exports = { build, OPTIONS, LAMBDA_EXTERNALS };
