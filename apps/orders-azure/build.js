// Builds the deployment artefact of the Azure build into bundle/: the entry and everything it
// imports in one minified file with its source map, plus host.json and the package.json whose
// `main` the Functions host loads. Zip the folder's contents and deploy it (see README.md).
//
// `@azure/functions` is bundled: the v4 programming model is a library the app ships (Azure
// does not provide it). `@azure/functions-core` stays external: the Node.js worker provides
// that module at run time and it is not published to npm.
const { copyFileSync, mkdirSync, rmSync } = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const here = __dirname;
const out = path.join(here, 'bundle');

async function main() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [path.join(here, 'src/index.ts')],
    outfile: path.join(out, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    external: ['@azure/functions-core'],
    // ESM dependencies (@azure/storage-common's) read import.meta.url, which a CommonJS bundle
    // does not have: it becomes the bundle's own file URL.
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__bundleUrl' },
    logLevel: 'warning',
    metafile: true,
  });
  copyFileSync(path.join(here, 'deploy/host.json'), path.join(out, 'host.json'));
  copyFileSync(path.join(here, 'deploy/package.json'), path.join(out, 'package.json'));
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  process.stdout.write(`orders-azure: bundle/index.js ${(bytes / 1024).toFixed(0)} KiB\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
