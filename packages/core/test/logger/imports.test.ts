import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(__dirname, '../../src');

/** The modules a source file imports at run time (type-only imports are erased). */
function runtimeImports(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms))
    found.push(match[1]);
  return found;
}

describe('@faasade/core/logger stays light', () => {
  it('loads only Node built-ins and the invocation scope, so a Lambda that logs loads no telemetry', () => {
    const seen = new Set<string>();
    const outside = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of runtimeImports(file)) {
        if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
        if (!spec.startsWith('.')) {
          outside.add(spec);
          continue;
        }
        const target = path.resolve(path.dirname(file), spec);
        const resolved = [`${target}.ts`, path.join(target, 'index.ts')].find((f) => fs.existsSync(f));
        if (resolved === undefined) throw new Error(`cannot resolve ${spec} from ${file}`);
        visit(resolved);
      }
    };
    visit(path.join(root, 'logger/index.ts'));
    const modules = [...seen].map((f) => path.relative(root, f)).filter((f) => !f.startsWith('logger/'));
    expect(modules).toEqual(['context/scope.ts']);
    expect([...outside]).toEqual([]);
  });
});

describe('the logger on a function host', () => {
  // Runs the built CommonJS output (`npm test` builds first) in a fresh process, where the
  // module list is not the test runner's.
  const dist = path.resolve(__dirname, '../../dist/logger/index.js');
  // A script file, not \`node -e\` (which loads crypto itself), reporting through fd 1 directly
  // (process.stdout on a pipe would load net).
  const loaded = (env: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faasade-logger-'));
    const script = path.join(dir, 'log.js');
    fs.writeFileSync(
      script,
      `const { Logger } = require(${JSON.stringify(dist)});
new Logger({ service: 's' }).info('hello');
const found = process.moduleLoadList.filter((m) => /^NativeModule (tty|net|crypto|http)$/.test(m));
require('node:fs').writeSync(1, '\\n' + JSON.stringify(found));`,
    );
    try {
      const out = execFileSync(process.execPath, [script], {
        env: { PATH: process.env.PATH, ...env },
        encoding: 'utf8',
      });
      return JSON.parse(out.trim().split('\n').at(-1) ?? 'null') as string[];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it.each([
    ['Lambda', { AWS_LAMBDA_FUNCTION_NAME: 'f' }],
    ['Azure Functions', { FUNCTIONS_WORKER_RUNTIME: 'node' }],
    ['Cloud Run functions', { K_SERVICE: 'f' }],
  ])('on %s, writes JSON without loading node:tty (nor net, crypto or http)', (_cloud, env) => {
    expect(loaded(env)).toEqual([]);
  });
});
