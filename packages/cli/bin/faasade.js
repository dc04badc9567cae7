#!/usr/bin/env node
// npm links this file at install time, before `npm run build` has made dist/, so it is plain
// JavaScript that loads the built CLI.
try {
  require.resolve('../dist/bin.js');
} catch {
  process.stderr.write('faasade: @faasade/cli is not built yet: run npm run build\n');
  process.exit(1);
}
require('../dist/bin.js');
