import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpHandler, InvocationContext } from '@azure/functions';
import type { AzureRegistration } from '@faasade/azure-functions';
import { type App, matchRoute } from '@faasade/core';
import { azureHttpRequest, hostResponse } from '@faasade/testing/azure';

type HttpRegistration = Extract<AzureRegistration, { kind: 'http' }>;

export interface LocalHttpHostOptions {
  app: App;
  registrations: AzureRegistration[];
  /** host.json `extensions.http.routePrefix`. */
  routePrefix: string;
  port: number;
  context: (functionName: string, incomingTraceparent: string | null) => InvocationContext;
}

export interface LocalHttpHost {
  /** The API's base URL, prefix included (`http://127.0.0.1:<port>/api`). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The Functions host's HTTP front on localhost: a request under `/<routePrefix>` goes to the
 * HTTP function whose route and method match it (the most specific route first, as the host
 * routes), else to the catch-all router function, as a real `HttpRequest` with the route
 * parameters the host would extract, and the handler's result is written back as the host
 * writes it (headers one value per name, each cookie a `Set-Cookie`). Anything outside the
 * prefix gets the host's empty 404.
 *
 * @example
 * ```ts
 * import { startLocalHttpHost } from '@faasade/orders-azure/dist/local/http-host';
 * import { localInvocationContext } from '@faasade/orders-azure/dist/local/context';
 * const host = await startLocalHttpHost({ app, registrations, routePrefix: 'api', port: 0,
 *   context: (name, traceparent) => localInvocationContext(name, { incomingTraceparent: traceparent }) });
 * await fetch(`${host.url}/inventory/apple`);
 * await host.close();
 * ```
 */
export async function startLocalHttpHost(options: LocalHttpHostOptions): Promise<LocalHttpHost> {
  const prefix = options.routePrefix === '' ? '' : `/${options.routePrefix}`;
  const http = options.registrations.filter((r): r is HttpRegistration => r.kind === 'http');
  const byName = new Map(http.map((r) => [r.name, r]));
  const router = http.find((r) => r.options.route === '{*path}');

  const handle = async (req: IncomingMessage, res: ServerResponse, base: string) => {
    const url = new URL(req.url ?? '/', base);
    const path = withoutPrefix(url.pathname, prefix);
    if (path === undefined) return end(res, 404);
    const match = options.app.router().match(req.method ?? 'GET', path);
    let target: HttpRegistration | undefined;
    let params: Record<string, string> = {};
    if (match.kind === 'found') {
      target = byName.get(match.entry.name);
      params = hostParams(matchRoute(match.entry.route, path) ?? {});
    } else if (router) {
      target = router;
      params = { path: path.slice(1) };
    }
    if (!target) return end(res, 404);
    const request = await azureHttpRequest(await webRequest(req, url), { params });
    const context = options.context(target.name, headerOf(req, 'traceparent'));
    const result = await (target.handler as HttpHandler)(request, context);
    await write(res, await hostResponse(result));
  };

  let base = '';
  const server: Server = createServer((req, res) => {
    // A handler that throws is a 500 with no body, as the host answers it.
    handle(req, res, base).catch(() => end(res, 500));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}${prefix}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The path under the route prefix (matched case-insensitively, as the host does), or undefined outside it. */
function withoutPrefix(path: string, prefix: string): string | undefined {
  if (prefix === '') return path;
  const head = path.slice(0, prefix.length).toLowerCase();
  if (head !== prefix.toLowerCase()) return undefined;
  const rest = path.slice(prefix.length);
  if (rest === '') return '/';
  return rest.startsWith('/') ? rest : undefined;
}

/** The host names the wildcard of `files/{*rest}` `rest`. */
function hostParams(params: Record<string, string>): Record<string, string> {
  if (!('*' in params)) return params;
  const { '*': rest, ...named } = params;
  return { ...named, rest };
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

async function webRequest(req: IncomingMessage, url: URL): Promise<Request> {
  const method = req.method ?? 'GET';
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body =
    method === 'GET' || method === 'HEAD' || chunks.length === 0 ? undefined : Buffer.concat(chunks);
  return new Request(url, { method, headers, body });
}

async function write(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}

function end(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-length': '0' });
  res.end();
}
