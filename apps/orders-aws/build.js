#!/usr/bin/env node
// Bundles the Lambda entry (src/index.ts) into bundle/index.js: one minified CommonJS file with
// its source map, for Node 20+ (the template runs nodejs22.x), that loads without the monorepo.
//
// - The @faasade/* workspace packages are bundled from their TypeScript sources (their package
//   exports with dist/*.js read as src/*.ts), so the bundle is what the sources say even when a
//   package's dist/ is stale; `tsc -b` in `npm run build` type-checks them first.
// - The AWS SDK v3 clients are bundled too, not left to the copy in Lambda's runtime: the
//   version is the one the tests ran against, the bundle runs anywhere (a clean Node process,
//   another runtime), and the runtime's copy changes under a deployed function without notice.
// - Left out: exporters only another cloud uses (Azure Monitor) and the optional stores of other
//   clouds; the entry never loads them on AWS (see EXTERNAL).
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '../..');
const outdir = path.join(__dirname, 'bundle');

/**
 * Modules the AWS build never loads, kept out of the bundle. Telemetry loads the Azure Monitor
 * exporter only when it is asked for (`OTEL_*_EXPORTER=azure-monitor`), which this build does not
 * support; the others are peer dependencies of stores this build does not use.
 */
const EXTERNAL = [
  '@azure/monitor-opentelemetry-exporter',
  '@azure/functions',
  '@azure/data-tables',
  'ioredis',
  'pg',
];

/** The folder of each @faasade/* workspace package, by name. */
function workspaces() {
  const found = new Map();
  for (const parent of ['packages', 'apps']) {
    for (const dir of fs.readdirSync(path.join(root, parent))) {
      const manifest = path.join(root, parent, dir, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const { name, exports } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (name?.startsWith('@faasade/')) found.set(name, { dir: path.join(root, parent, dir), exports });
    }
  }
  return found;
}

/**
 * Resolves `@faasade/<name>[/<subpath>]` to the TypeScript source its export points at:
 * `./dist/store/dynamodb.js` is `src/store/dynamodb.ts`.
 */
function workspaceSources() {
  const packages = workspaces();
  return {
    name: 'faasade-workspace-sources',
    setup(build) {
      build.onResolve({ filter: /^@faasade\// }, (args) => {
        const [scope, name, ...rest] = args.path.split('/');
        const pkg = packages.get(`${scope}/${name}`);
        if (!pkg) return undefined;
        const subpath = rest.length > 0 ? `./${rest.join('/')}` : '.';
        const target = pkg.exports?.[subpath];
        const file = typeof target === 'string' ? target : target?.default;
        if (!file) return { errors: [{ text: `${args.path} is not exported by ${scope}/${name}` }] };
        const source = file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
        return { path: path.join(pkg.dir, source) };
      });
    },
  };
}

/** Builds bundle/index.js (+ .map) and bundle/package.json; resolves to esbuild's metafile. */
async function build() {
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'src/index.ts')],
    outfile: path.join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'linked',
    external: EXTERNAL,
    plugins: [workspaceSources()],
    metafile: true,
    logLevel: 'warning',
  });
  // Pins the module format wherever the folder is copied (a parent with "type": "module" would
  // otherwise make Node read index.js as ESM).
  fs.writeFileSync(
    path.join(outdir, 'package.json'),
    `${JSON.stringify({ name: 'orders-aws-lambda', private: true, type: 'commonjs', main: 'index.js' }, null, 2)}\n`,
  );
  return result.metafile;
}

module.exports = { build, EXTERNAL };

if (require.main === module) {
  build().then(
    (metafile) => {
      const bytes = metafile.outputs[path.relative(process.cwd(), path.join(outdir, 'index.js'))]?.bytes;
      const size = bytes ?? fs.statSync(path.join(outdir, 'index.js')).size;
      process.stdout.write(`bundle/index.js: ${(size / 1024).toFixed(0)} KiB\n`);
    },
    (error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
