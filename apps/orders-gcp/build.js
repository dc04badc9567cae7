// Bundles the Cloud Functions entry (src/index.ts) into bundle/: index.js (minified, with its
// source map) and the package.json Cloud Run functions builds from. `node build.js [outdir]`.
//
// The one external is @google-cloud/functions-framework, and it must stay one: the Node.js
// runtime starts `node_modules/.bin/functions-framework --target=<entry point>` (installed by npm
// from the bundle's package.json, or injected in a layer of its own when it is not a dependency),
// which requires `main` and looks the target up in its function registry. The adapter registers
// the functions in that registry, so the bundle must require the very copy the runtime runs: a
// bundled copy would register into a registry nobody reads ("Function 'api' is not defined").
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '../..');
const FRAMEWORK = '@google-cloud/functions-framework';
// Never loaded on GCP: pg's optional native binding, and the Azure Monitor exporter (required
// only when Azure Monitor is configured; see docs/guides/telemetry.md, "Bundling").
const NEVER_LOADED = ['pg-native', '@azure/monitor-opentelemetry-exporter'];
// The workspace's packages from their sources, so the bundle is always the code under test.
const WORKSPACE = {
  '@faasade/core': path.join(root, 'packages/core/src'),
  '@faasade/gcp-functions': path.join(root, 'packages/gcp-functions/src'),
  '@faasade/orders': path.join(root, 'apps/orders/src'),
  '@faasade/testing': path.join(root, 'packages/testing/src'),
};

/** The functions-framework version this bundle was built and tested against. */
function frameworkVersion() {
  // Its package.json is not in its `exports`: find it from the main module.
  const main = require.resolve(FRAMEWORK);
  const manifest = path.join(main.slice(0, main.lastIndexOf(`${path.sep}build${path.sep}`)), 'package.json');
  return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
}

/** esbuild's options for a function bundle: minified CommonJS for Node 20, with its source map. */
const OPTIONS = {
  bundle: true,
  minify: true,
  sourcemap: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  external: [FRAMEWORK, ...NEVER_LOADED],
  alias: WORKSPACE,
  legalComments: 'none',
  logLevel: 'warning',
};

/** Builds the bundle into `outdir` (default bundle/) and returns what it wrote. */
async function build(outdir = path.join(__dirname, 'bundle')) {
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, 'index.js');
  await esbuild.build({ ...OPTIONS, entryPoints: [path.join(__dirname, 'src/index.ts')], outfile });
  const manifest = {
    name: 'faasade-orders-gcp',
    version: require('./package.json').version,
    private: true,
    description: 'The orders app for Cloud Run functions, bundled by apps/orders-gcp/build.js',
    main: 'index.js',
    engines: { node: '>=20' },
    // Exact: the version the bundle was tested with. A dependency, not a devDependency: the
    // buildpack installs production dependencies only, and starts node_modules/.bin's.
    dependencies: { [FRAMEWORK]: frameworkVersion() },
  };
  fs.writeFileSync(path.join(outdir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outdir, files: fs.readdirSync(outdir), bytes: fs.statSync(outfile).size };
}

if (require.main === module) {
  build(process.argv[2] && path.resolve(process.argv[2])).then(
    ({ outdir, bytes }) =>
      console.log(
        `orders-gcp: ${path.relative(process.cwd(), outdir)}/index.js (${Math.round(bytes / 1024)} KB)`,
      ),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

module.exports = { build, FRAMEWORK, OPTIONS };
