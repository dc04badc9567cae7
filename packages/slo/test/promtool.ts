import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Runs promtool; a missing promtool fails the test with the way to install it, it is never skipped. */
export function promtool(args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      "promtool is not installed: run 'bash scripts/setup.sh' (it installs Debian's prometheus package)",
    );
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Writes generated files (relative path → content) into a fresh temporary directory. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'faasade-slo-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
