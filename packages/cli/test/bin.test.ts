import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ORDERS_EXAMPLE, ORDERS_GENERATED, tempDir } from './support';

// The real `faasade` process, run from its sources through tsx, so that no build is needed.
const BIN = join(__dirname, '../src/bin.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;

function faasade(args: string[], cwd = tempDir()) {
  const result = spawnSync(process.execPath, ['--import', TSX, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(__dirname, 'tsconfig.paths.json'), FAASADE_DEBUG: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const files = (root: string, dir = root): string[] =>
  readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory()
      ? files(root, join(dir, name))
      : [relative(root, join(dir, name))],
  );

jest.setTimeout(60_000);

describe('the faasade executable', () => {
  it('generates from a TypeScript config exactly the committed output of the orders example', () => {
    const out = tempDir();
    const { code, stdout, stderr } = faasade(['slo', 'generate', '--config', ORDERS_EXAMPLE, '--out', out]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('orders: 10 SLOs');
    expect(files(out).sort()).toEqual(files(ORDERS_GENERATED).sort());
    for (const file of files(out)) {
      expect(readFileSync(join(out, file), 'utf8')).toBe(readFileSync(join(ORDERS_GENERATED, file), 'utf8'));
    }
  });

  it('confirms with --check that the committed output is up to date', () => {
    const { code, stdout } = faasade([
      'slo',
      'generate',
      '--config',
      ORDERS_EXAMPLE,
      '--out',
      ORDERS_GENERATED,
      '--check',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('is up to date');
  });

  it.each([
    [['slo', 'budget', '--objective', '0.999', '--total', 'lots', '--bad', '1']],
    [['slo', 'budget', '--objective', '1.5', '--total', '10', '--bad', '1']],
    [['slo', 'generate', '--config', 'nowhere.ts', '--out', 'out']],
    [['slo', 'budget', '--frobnicate']],
  ])('exits 2 on bad arguments with one line of explanation and no stack trace: %j', (args) => {
    const { code, stdout, stderr } = faasade(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^faasade: [^\n]+\n$/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('prints the budget from counts', () => {
    const { code, stdout } = faasade([
      'slo',
      'budget',
      '--objective',
      '0.999',
      '--total',
      '1000000',
      '--bad',
      '250',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('left          750 bad events, 75% of the budget');
  });
});
