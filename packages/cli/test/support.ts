import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@faasade/cli';

/** Runs the CLI in-process and returns its exit code and what it printed. */
export async function cli(argv: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
    env: {},
  });
  return { code, stdout, stderr };
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'faasade-cli-'));

/** The orders example of @faasade/slo, as the CLI would be pointed at it. */
export const ORDERS_EXAMPLE = join(__dirname, '../../slo/examples/orders.slo.ts');
export const ORDERS_GENERATED = join(__dirname, '../../slo/examples/generated');
