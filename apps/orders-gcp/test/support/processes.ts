import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A port free on 127.0.0.1 right now (for a process that must be told its port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A child process with its output kept, to show when something goes wrong. */
export interface Child {
  process: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

function watch(child: ChildProcess): Child {
  const chunks: string[] = [];
  child.stdout?.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => chunks.join(''),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Spawns a command with exactly `env` (nothing inherited), as a platform starts a function. */
export function spawnClean(command: string, cwd: string, env: Record<string, string>): Child {
  return watch(spawn(command, [], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Forks a Node script with IPC, as scripts/start.js forks each cloud's local-main. */
export function forkWithIpc(file: string, env: Record<string, string>): Child {
  return watch(fork(file, [], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }));
}

/** Waits until `url` answers HTTP at all (any status), for at most `attempts` × 100 ms. */
export async function waitForHttp(url: string, child: Child, attempts = 300): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (child.process.exitCode !== null) break;
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} never answered; the process wrote:\n${child.output()}`);
}

/** Polls `read` until `done` holds, for at most `attempts` × 50 ms; returns the last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  attempts = 200,
): Promise<T> {
  let value = await read();
  for (let i = 0; i < attempts && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}
