import fs from 'node:fs';
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
