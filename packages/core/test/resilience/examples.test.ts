import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatWithOptions } from 'node:util';
import { transformSync } from '@swc/core';

/**
 * Every `@example` in the resilience sources runs, and prints what its comments say: a line
 * `console.log(x); // text` expects `text` as the next line of output.
 */

const SOURCE = join(__dirname, '../../src/resilience');

interface Example {
  name: string;
  code: string;
  expected: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const file of sourceFiles(SOURCE)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(
      /@example\n \* ```ts\n([\s\S]*?)\n \* ```\n \*\/\n(?:export )?(?:function|class|const) (\w+)/g,
    )) {
      const code = match[1]
        .split('\n')
        .map((line) => line.replace(/^ \* ?/, ''))
        .join('\n');
      const expected = code
        .split('\n')
        .filter((line) => line.includes('console.log('))
        .map((line) => /\/\/ (.*)$/.exec(line)?.[1] ?? '(no expected output written)');
      found.push({ name: `${relative(SOURCE, file)}: ${match[2]}`, code, expected });
    }
  }
  return found;
}

/** Compiles an example to a CommonJS function body; its imports become requires. */
function compile(code: string): string {
  const lines = code.split('\n');
  const imports = lines.filter((line) => line.startsWith('import '));
  const body = lines.filter((line) => !line.startsWith('import '));
  const source = `${imports.join('\n')}\nexport default async function main() {\n${body.join('\n')}\n}\n`;
  return transformSync(source, {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  }).code;
}

const all = examples();

describe('@example blocks of @faasade/core/resilience', () => {
  it('finds one for every public factory', () => {
    const names = all.map((e) => e.name.split(': ')[1]);
    for (const factory of [
      'retry',
      'retryBudget',
      'circuitBreaker',
      'timeout',
      'bulkhead',
      'fallback',
      'pipeline',
    ]) {
      expect(names).toContain(factory);
    }
  });

  it.each(all.map((e) => [e.name, e] as const))('%s runs and prints what it says', async (_name, example) => {
    const printed: string[] = [];
    const console = {
      log: (...args: unknown[]) => printed.push(formatWithOptions({ breakLength: Infinity }, ...args)),
    };
    const module = { exports: {} as { default?: () => Promise<void> } };
    new Function('require', 'module', 'exports', 'console', compile(example.code))(
      require,
      module,
      module.exports,
      console,
    );
    await module.exports.default?.();
    expect(printed).toEqual(example.expected);
  });
});
