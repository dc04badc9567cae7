import { type ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LambdaContext } from '@faasade/aws-lambda';
import { lambdaContext } from '@faasade/testing/aws';

/** The driver the fresh process runs next to the bundle: it invokes the handler each message names. */
const DRIVER = `
const handlers = require('./index.js');
process.on('message', async ({ id, name, event, context }) => {
  const deadline = Date.now() + context.timeoutMs;
  const ctx = { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  try {
    process.send({ id, ok: true, result: await handlers[name](event, ctx) });
  } catch (error) {
    process.send({ id, ok: false, error: String(error && error.stack || error) });
  }
});
process.send({ ready: true, exports: Object.keys(handlers).sort() });
`;

/** The bundle, copied outside the repository and loaded by a fresh `node` process. */
export interface BundleProcess {
  /** The handlers the bundle exports, by name. */
  readonly exports: string[];
  /** Invokes a handler in that process with an event and a Lambda context. */
  invoke<T = unknown>(name: string, event: unknown, timeoutMs?: number): Promise<T>;
  /** What the process wrote to stdout so far (its log lines and EMF metrics). */
  stdout(): string;
  stop(): Promise<void>;
}

/**
 * Copies bundle/ to a new temporary folder (no node_modules anywhere above it) and starts
 * `node` there with only the environment given (plus PATH), as a Lambda instance would start.
 */
export async function startBundle(bundleDir: string, env: Record<string, string>): Promise<BundleProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orders-aws-bundle-'));
  fs.cpSync(bundleDir, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'driver.js'), DRIVER);
  const child: ChildProcess = fork(path.join(dir, 'driver.js'), [], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  child.on('exit', (code) => {
    for (const call of pending.values()) call.reject(new Error(`the bundle exited with ${code}:\n${stderr}`));
    pending.clear();
  });
  const exports = await new Promise<string[]>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the bundle exited with ${code} before it loaded:\n${stderr}`)),
    );
    child.on(
      'message',
      (m: {
        ready?: boolean;
        exports?: string[];
        id?: number;
        ok?: boolean;
        result?: unknown;
        error?: string;
      }) => {
        if (m.ready) return resolve(m.exports!);
        const call = pending.get(m.id!);
        pending.delete(m.id!);
        if (m.ok) call?.resolve(m.result);
        else call?.reject(new Error(m.error));
      },
    );
  });
  return {
    exports,
    invoke<T>(name: string, event: unknown, timeoutMs = 10_000) {
      const { getRemainingTimeInMillis: _, ...context } = lambdaContext({
        functionName: name,
        timeoutMs,
      }) as LambdaContext & Record<string, unknown>;
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, name, event, context: { ...context, timeoutMs } });
      });
    },
    stdout: () => stdout,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
