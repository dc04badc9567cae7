import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogLevel, LogSink } from '@faasade/core';
import { setDefaultLogSink } from '@faasade/core/logger';
import { getTestServer } from '@google-cloud/functions-framework/testing';

/** functions-framework's own server for a registered target, listening on loopback. */
export interface Served {
  /** The function's URL, with a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

const open: Server[] = [];

/** Serves a registered target with functions-framework's `getTestServer`, the way Cloud Functions runs it. */
export async function serve(target: string): Promise<Served> {
  const server = getTestServer(target);
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => stop(server) };
}

/** Closes every server {@link serve} opened (for `afterAll`). */
export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map(stop));
}

function stop(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Captures log lines through the logger's process default sink until `restore()`. */
export function captureLogs(): { lines: Record<string, unknown>[]; restore(): void } {
  const lines: Record<string, unknown>[] = [];
  const sink: LogSink = {
    write(line: string, _level: LogLevel) {
      lines.push(JSON.parse(line));
    },
  };
  setDefaultLogSink(sink);
  return { lines, restore: () => setDefaultLogSink(undefined) };
}
