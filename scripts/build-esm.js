#!/usr/bin/env node
// Emits the ES module build of a runtime package next to its CommonJS build: `dist/esm/**`, one
// file per source file, for bundlers only. package.json points the `module` export condition
// at it, which esbuild, webpack and Rollup read and Node ignores, so Node keeps loading the
// CommonJS build while a function's bundle gets ES modules it can tree-shake. Without it a
// bundler cannot drop what a function never calls (it keeps every module the package index
// re-exports), and every kilobyte in a bundle costs compile time at cold start (see
// docs/decisions/010-es-module-build-for-bundlers.md).
//
// Usage: `node ../../scripts/build-esm.js` from a package folder (its build script does).
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const pkg = process.cwd();
const src = path.join(pkg, 'src');
const outdir = path.join(pkg, 'dist', 'esm');

function sources(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(file));
    else if (/\.ts$/.test(entry.name) && !/\.(d|test|spec)\.ts$/.test(entry.name)) out.push(file);
  }
  return out;
}

fs.rmSync(outdir, { recursive: true, force: true });
esbuild.buildSync({
  entryPoints: sources(src),
  outdir,
  outbase: src,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Lazy require() calls stay require() calls: the bundler that reads this build resolves them.
  logOverride: { 'unsupported-require-call': 'silent' },
});
