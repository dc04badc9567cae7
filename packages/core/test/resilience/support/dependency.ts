import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in answers: 503 to all, 200 to all, or 503 and 200 in turn. */
export type DependencyMode = 'fail' | 'ok' | 'alternate';

/** One request as the dependency saw it (epoch ms). */
export interface Served {
  start: number;
  end: number;
}

/**
 * A dependency stand-in on a local port: it holds each request `holdMs`, answers according to
 * its mode, and records when each request started and ended so that a test can count how many
 * ran at once.
 */
export class Dependency {
  mode: DependencyMode = 'fail';
  holdMs = 0;
  readonly served: Served[] = [];
  private answered = 0;
  private readonly server: Server;

  private constructor() {
    this.server = createServer((_request, response) => {
      const start = Date.now();
      setTimeout(() => {
        const fail = this.mode === 'fail' || (this.mode === 'alternate' && this.answered++ % 2 === 0);
        response.writeHead(fail ? 503 : 200, { 'content-type': 'text/plain' });
        response.end(fail ? 'unavailable' : 'ok');
        this.served.push({ start, end: Date.now() });
      }, this.holdMs);
    });
  }

  static async start(): Promise<Dependency> {
    const dependency = new Dependency();
    await new Promise<void>((resolve) => dependency.server.listen(0, '127.0.0.1', resolve));
    return dependency;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** The most requests that were in flight at once among those that started at or after `from`. */
  maxConcurrentSince(from: number): number {
    const edges = this.served
      .filter((s) => s.start >= from)
      .flatMap((s) => [
        [s.start, 1],
        [s.end, -1],
      ])
      // At equal times an end comes first: a request that ended as another began did not overlap it.
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let most = 0;
    for (const [, delta] of edges) {
      now += delta;
      most = Math.max(most, now);
    }
    return most;
  }

  countSince(from: number): number {
    return this.served.filter((s) => s.start >= from).length;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
