import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

const WORKER = join(__dirname, '../fixtures/breaker-worker.js');

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** A forked worker process (one "function instance") that runs operations on request. */
class Worker {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(`worker ${child.pid}: ${message.error}`));
      else waiter?.resolve(message.result);
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values())
        waiter.reject(new Error(`worker ${child.pid} exited with ${code}`));
      this.pending.clear();
    });
  }

  call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, op, ...args });
    });
  }
}

/** `size` worker processes started from the TypeScript sources. */
export class WorkerPool {
  private constructor(private readonly workers: Worker[]) {}

  static async start(size: number): Promise<WorkerPool> {
    const workers = await Promise.all(
      Array.from(
        { length: size },
        () =>
          new Promise<Worker>((resolve, reject) => {
            const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
            child.once('error', reject);
            child.once('message', () => resolve(new Worker(child)));
          }),
      ),
    );
    return new WorkerPool(workers);
  }

  /** Runs one operation in every worker at once. */
  all<T>(op: string, args: Record<string, unknown> = {}): Promise<T[]> {
    return Promise.all(this.workers.map((worker) => worker.call<T>(op, args)));
  }

  async stop(): Promise<void> {
    await Promise.allSettled(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.child.once('exit', () => resolve());
            worker.call('close').catch(() => worker.child.kill());
          }),
      ),
    );
  }
}
