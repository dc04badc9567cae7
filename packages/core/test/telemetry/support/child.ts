import { execFile } from 'node:child_process';
import * as path from 'node:path';

/** The repository root, where `tsx` and the workspaces resolve from. */
export const REPO_ROOT = path.resolve(__dirname, '../../../../..');

/**
 * Runs a TypeScript file in a fresh Node process (through tsx, which compiles to CommonJS like
 * the build does) and returns its stdout. Used where the test must see a real process: what
 * `require` loaded, what reached stdout, what `unhandledRejection` saw.
 */
export function runTs(
  file: string,
  args: string[] = [],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${file} failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

/** Runs a snippet of JavaScript in a fresh Node process with tsx, from the repository root. */
export function runScript(source: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '-e', source],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`script failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}
