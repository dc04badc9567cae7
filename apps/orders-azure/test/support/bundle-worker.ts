import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { cpSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const here = path.resolve(__dirname, '../..');

/** What the worker emulator answers for one invocation. */
export interface WorkerInvocation {
  /** The handler threw: the host retries (queue) or answers 500 (HTTP). */
  error?: string;
  /** The `$return` binding: for HTTP, the response as the worker sends it to the host. */
  returnValue?: { http?: { statusCode: string; headers: Record<string, string>; body?: string } };
  /** Output bindings that got a value (the poison queue's). */
  outputData: { name: string; text: string }[];
  /** What the function logged through its context, as the worker forwards it to the host. */
  logs: { level: string; category: string; message: string }[];
}

/** One function as the worker registered it with the host: its name and its bindings. */
export interface RegisteredFunction {
  name: string;
  bindings: Record<string, { type: string; direction: string } & Record<string, unknown>>;
}

/** The bundle running in a plain `node` process outside the repo, behind the worker emulator. */
export interface BundleWorker {
  readonly dir: string;
  functions(): Promise<RegisteredFunction[]>;
  invoke(
    name: string,
    data: Record<string, unknown>,
    extra?: { triggerMetadata?: Record<string, unknown>; traceParent?: string },
  ): Promise<WorkerInvocation>;
  stop(): Promise<void>;
}

/** Builds bundle/ (esbuild over the built workspaces, as `npm run build` does after `tsc -b`). */
export function buildBundle(): string {
  execFileSync(process.execPath, [path.join(here, 'build.js')], { cwd: here, stdio: 'pipe' });
  return path.join(here, 'bundle');
}

/**
 * Copies the deployment artefact to a fresh temporary directory with the worker emulator beside
 * it and forks a `node` process there with only `env` (and PATH): no monorepo, no node_modules.
 */
export async function startBundleWorker(bundle: string, env: Record<string, string>): Promise<BundleWorker> {
  const dir = mkdtempSync(path.join(tmpdir(), 'orders-azure-bundle-'));
  cpSync(bundle, dir, { recursive: true });
  copyFileSync(path.join(__dirname, 'worker-emulator.js'), path.join(dir, 'worker-emulator.js'));
  const child: ChildProcess = fork(path.join(dir, 'worker-emulator.js'), [], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', (m: { ready?: boolean; error?: string }) =>
        m.ready ? resolve() : reject(new Error(`the bundle did not load: ${m.error}`)),
      );
      child.once('exit', (code) => reject(new Error(`the worker exited with ${code}: ${stderr}`)));
    });
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
    const waiter = m.id === undefined ? undefined : pending.get(m.id);
    if (!waiter || m.id === undefined) return;
    pending.delete(m.id);
    if (m.error !== undefined) waiter.reject(new Error(m.error));
    else waiter.resolve(m.result);
  });
  const call = <T>(message: Record<string, unknown>): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...message, id });
    });

  return {
    dir,
    functions: () => call<RegisteredFunction[]>({ op: 'functions' }),
    invoke: (name, data, extra = {}) => call<WorkerInvocation>({ op: 'invoke', name, data, ...extra }),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The host's RPC data of an HTTP request: what `new HttpRequest(...)` is built from in the worker. */
export function rpcHttp(
  method: string,
  url: string,
  options: { params?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
): Record<string, unknown> {
  const headers: Record<string, string> = { ...options.headers };
  let body: { string: string } | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = { string: JSON.stringify(options.body) };
  }
  return { http: { method, url, headers, params: options.params ?? {}, query: {}, body } };
}

/** The host's RPC trigger metadata of a storage queue message (PascalCase, as the host names it). */
export function rpcQueueMetadata(id: string, dequeueCount: number, text: string): Record<string, unknown> {
  const now = new Date();
  return {
    Id: { string: id },
    DequeueCount: { json: String(dequeueCount) },
    InsertionTime: { string: now.toISOString() },
    ExpirationTime: { string: new Date(now.getTime() + 7 * 86_400_000).toISOString() },
    NextVisibleTime: { string: new Date(now.getTime() + 30_000).toISOString() },
    PopReceipt: { string: 'AgAAAAMAAAAAAAAA' },
    QueueTrigger: { string: text },
  };
}
