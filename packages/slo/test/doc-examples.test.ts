import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { transformSync } from 'esbuild';

// Every @example in the sources runs, and a line `expression; // literal` must produce that literal.
const SRC = join(__dirname, '../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function examples(): [string, string][] {
  return sources(SRC).flatMap((path) =>
    [...readFileSync(path, 'utf8').matchAll(/@example\s*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)].map(
      (match, index): [string, string] => [
        `${relative(SRC, path)} #${index + 1}`,
        match[1]
          .split('\n')
          .map((line) => line.replace(/^\s*\* ?/, ''))
          .join('\n'),
      ],
    ),
  );
}

const literal = (source: string): { value: unknown } | undefined => {
  try {
    return { value: new Function(`return (${source});`)() };
  } catch {
    return undefined;
  }
};

/** Turns `expression; // literal` lines into checks; other lines run as they are. */
function instrument(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const match = /^(.*\S);\s*\/\/\s*(.+)$/.exec(line);
      if (!match || /^\s*(const|let|import|export)\b/.test(match[1]) || !literal(match[2])) return line;
      let expression = match[1].trim();
      if (expression.startsWith('console.log(') && expression.endsWith(')'))
        expression = expression.slice(12, -1);
      return `check(() => (${expression}), ${JSON.stringify(match[2])});`;
    })
    .join('\n');
}

function check(actual: () => unknown, expectedSource: string) {
  const value = actual();
  const expected = literal(expectedSource)?.value;
  if (typeof expected === 'number') expect(value).toBeCloseTo(expected, 9);
  else expect(value).toEqual(expected);
}

function runExample(code: string) {
  const { code: js } = transformSync(instrument(code), { loader: 'ts', format: 'cjs' });
  new Function('require', 'check', js)(require, check);
}

describe('the @example of every public API', () => {
  it.each(examples())('runs: %s', (_, code) => runExample(code));

  it('fails when an example states a wrong result', () => {
    expect(() =>
      runExample(
        "import { burnRateThreshold } from '@faasade/slo';\nburnRateThreshold(0.02, '30d', '1h'); // 14",
      ),
    ).toThrow();
  });
});
