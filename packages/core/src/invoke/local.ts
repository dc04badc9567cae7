import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../function/define';
import type { RawHeaders } from '../function/request';
import type { HttpOutput } from '../function/response';
import type { CloudEvent, ScheduleInfo } from '../function/types';
import { Runtime } from './runtime';
import type { InvocationMeta, MessageOutcome, RunOutcome, RuntimeOptions } from './types';

const runtimes = new WeakMap<App, Runtime>();

function localRuntime(app: App, options?: Partial<RuntimeOptions>): Runtime {
  if (options) return new Runtime(app, { cloud: 'local', ...options });
  let rt = runtimes.get(app);
  if (!rt) runtimes.set(app, (rt = new Runtime(app, { cloud: 'local' })));
  return rt;
}

export interface LocalInvokeOptions {
  /** Runtime options (an observer, a log formatter); the cloud defaults to `local`. */
  runtime?: Partial<RuntimeOptions>;
  meta?: InvocationMeta;
}

/**
 * Runs the full pipeline in-process, with no cloud: routing, context, logs, telemetry, deadline,
 * error mapping. Without a function name the app's router picks the function.
 *
 * @example
 * ```ts
 * import { defineApp, http, invoke } from '@faasade/core';
 * const app = defineApp({ service: 'demo', functions: { hi: http({ method: 'GET', route: '/hi/:name' }, (_r, ctx) => ({ hi: ctx.params.name })) } });
 * const res = await invoke(app, new Request('http://localhost/hi/ada'));
 * console.log(res.status, await res.json()); // 200 { hi: 'ada' }
 * ```
 */
export async function invoke(
  app: App,
  request: Request,
  options: LocalInvokeOptions & { functionName?: string } = {},
): Promise<Response> {
  const url = new URL(request.url);
  const headers: Record<string, string | string[]> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = request.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
  const output = await localRuntime(app, options.runtime).http(
    {
      method: request.method,
      path: url.pathname,
      query: url.search.slice(1),
      headers,
      body,
      scheme: url.protocol.slice(0, -1),
      host: url.host,
    },
    options.meta,
    options.functionName,
  );
  return toResponse(output);
}

/** Delivers one message to a queue function in-process and returns what the platform should do. */
export function invokeMessage(
  app: App,
  functionName: string,
  body: unknown,
  options: LocalInvokeOptions & {
    id?: string;
    attributes?: Record<string, string>;
    deliveryCount?: number;
  } = {},
): Promise<MessageOutcome> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return localRuntime(app, options.runtime).message(
    functionName,
    {
      id: options.id ?? randomUUID(),
      text,
      attributes: options.attributes ?? {},
      deliveryCount: options.deliveryCount ?? 1,
      enqueuedAt: new Date(),
      source: 'local',
      carrier: options.attributes,
      system: 'local',
    },
    options.meta,
  );
}

/** Runs a scheduled function in-process. */
export function invokeSchedule(
  app: App,
  functionName: string,
  info?: Partial<ScheduleInfo>,
  options: LocalInvokeOptions = {},
): Promise<RunOutcome> {
  return localRuntime(app, options.runtime).schedule(
    functionName,
    { scheduledTime: new Date(), pastDue: false, ...info },
    options.meta,
  );
}

/** Delivers a CloudEvent to an event function in-process. */
export function invokeEvent(
  app: App,
  functionName: string,
  event: CloudEvent,
  options: LocalInvokeOptions = {},
): Promise<RunOutcome> {
  return localRuntime(app, options.runtime).event(functionName, event, options.meta);
}

/** Turns an {@link HttpOutput} into a Web `Response`. */
export function toResponse(output: HttpOutput): Response {
  const headers = new Headers(output.headers);
  for (const c of output.cookies) headers.append('set-cookie', c);
  const nullBody =
    output.status === 204 || output.status === 304 || (output.status >= 100 && output.status < 200);
  return new Response(nullBody ? null : (output.body as BodyInit), { status: output.status, headers });
}

export interface LocalServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Serves an app's HTTP functions on a local port through the same pipeline, for development.
 * Bodies larger than `maxBodyBytes` are refused with 413 before they are buffered.
 */
export async function serve(
  app: App,
  options: { port?: number; host?: string; runtime?: Partial<RuntimeOptions>; maxBodyBytes?: number } = {},
): Promise<LocalServer> {
  const runtime = new Runtime(app, { cloud: 'local', ...options.runtime });
  const limit = options.maxBodyBytes ?? 6 * 1024 * 1024;
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req, limit);
      if (body === 'too-large') {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(
          JSON.stringify({ error: { code: 'PAYLOAD_TOO_LARGE', message: `Body over ${limit} bytes` } }),
        );
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const output = await runtime.http({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.slice(1),
        headers: req.headers as RawHeaders,
        body,
        scheme: 'http',
        host: req.headers.host,
        sourceIp: req.socket.remoteAddress,
      });
      const headers: Record<string, string | string[]> = { ...output.headers };
      if (output.cookies.length > 0) headers['set-cookie'] = output.cookies;
      res.writeHead(output.status, headers);
      res.end(output.body);
    } catch (error) {
      runtime.log.error('local server failed to serve a request', { error });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } }));
    }
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too-large' : size === 0 ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
