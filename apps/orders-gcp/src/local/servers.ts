import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';

/**
 * functions-framework's own servers, one per target, as Cloud Run functions runs one per
 * function: the Express app `functions-framework --target=<name>` serves (its body parsers,
 * CloudEvent decoding and error answers), made for a target registered in this process.
 *
 * @example
 * ```ts
 * import { FrameworkServers } from './servers';
 * // after registerGcpFunctions(app, { router: 'api' }):
 * const servers = new FrameworkServers();
 * const url = await servers.serve('api', 8080); // http://127.0.0.1:8080
 * await servers.close();
 * ```
 */
export class FrameworkServers {
  private readonly servers: Server[] = [];

  /** Serves a registered target on 127.0.0.1 (`port` 0: any free port) and returns its URL. */
  async serve(target: string, port: number): Promise<string> {
    const server = getTestServer(target);
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }
}
