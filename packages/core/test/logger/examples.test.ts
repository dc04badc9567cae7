import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from '@swc/core';
import * as logger from '../../src/logger';

const source = path.resolve(__dirname, '../../src/logger');

/** Every ```ts block under an @example in the logger's sources. */
function examples(): { name: string; code: string }[] {
  const found: { name: string; code: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const text = fs.readFileSync(file, 'utf8');
        for (const match of text.matchAll(/@example\s*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)) {
          const code = match[1].replace(/^\s*\* ?/gm, '');
          const line = text.slice(0, match.index).split('\n').length;
          found.push({ name: `${path.relative(source, file)}:${line}`, code });
        }
      }
    }
  };
  walk(source);
  return found;
}

const guide = path.resolve(__dirname, '../../../../docs/guides/logger.md');

/** Every ```ts block of the logger guide. */
function guideExamples(): { name: string; code: string }[] {
  const text = fs.readFileSync(guide, 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((match) => ({
    name: `docs/guides/logger.md:${text.slice(0, match.index).split('\n').length}`,
    code: match[1],
  }));
}

function run(code: string): void {
  const { code: js } = transformSync(code, {
    filename: 'example.ts',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const load = (id: string) => (id === '@faasade/core/logger' ? logger : require(id));
  const module = { exports: {} };
  new Function('require', 'module', 'exports', js)(load, module, module.exports);
}

/** Examples that import the rest of @faasade/core, which this package's tests do not load. */
const needsWholeCore = (code: string) => /from '@faasade\/core'/.test(code);

describe('the examples of @faasade/core/logger', () => {
  const all = examples();
  const runnable = all.filter((e) => !needsWholeCore(e.code));
  let writes: jest.SpyInstance;
  let logs: jest.SpyInstance;
  beforeEach(() => {
    logger.setDefaultLogSink(new logger.MemorySink());
    writes = jest.spyOn(fs, 'writeSync').mockImplementation((_fd, data) => String(data).length);
    logs = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    writes.mockRestore();
    logs.mockRestore();
    logger.setDefaultLogSink(undefined);
    logger.setDefaultLogFormatter(undefined);
  });

  it('exist on the main entry points', () => {
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(all.filter((e) => needsWholeCore(e.code)).map((e) => e.name)).toEqual([
      expect.stringMatching(/^logger\.ts:/),
    ]);
  });

  it.each(runnable.map((e) => [e.name, e.code]))('runs the example at %s', (_name, code) => {
    expect(() => run(code)).not.toThrow();
  });

  const fromGuide = guideExamples();
  it('include the guide, whose examples all use the logger', () => {
    expect(fromGuide.length).toBeGreaterThanOrEqual(12);
    expect(fromGuide.filter((e) => needsWholeCore(e.code)).map((e) => e.name)).toHaveLength(1);
  });

  it.each(fromGuide.filter((e) => !needsWholeCore(e.code)).map((e) => [e.name, e.code]))(
    'runs the guide example at %s',
    (_name, code) => {
      expect(() => run(code)).not.toThrow();
    },
  );
});
