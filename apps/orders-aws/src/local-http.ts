import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaHttpHandler } from '@faasade/aws-lambda';
import { apiGatewayV2Event, lambdaContext, lambdaResultToResponse } from '@faasade/testing/aws';

/** A running {@link serveHttpApi} server. */
export interface LocalHttpApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/** Options of {@link serveHttpApi}. */
export interface LocalHttpApiOptions {
  /** 0 (the default) lets the OS choose. */
  port?: number;
  host?: string;
  /** The function's timeout, for its Lambda context (default 10 s). */
  timeoutMs?: number;
  /** Names the function in its Lambda context (default `router`). */
  functionName?: string;
}

/**
 * An API Gateway HTTP API in front of a Lambda handler, on localhost: each request becomes a
 * payload 2.0 event (headers lowercased and joined, cookies in `cookies`, a binary body in
 * base64), the handler's result becomes the response, and a handler that throws is answered
 * 500 `{"message":"Internal Server Error"}`, as API Gateway answers a failed integration.
 *
 * @example
 * ```ts
 * import { serveHttpApi } from '@faasade/orders-aws/local-http';
 * const api = await serveHttpApi(async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }));
 * await (await fetch(api.url)).text(); // 'ok'
 * await api.close();
 * ```
 */
export async function serveHttpApi(
  handler: LambdaHttpHandler,
  options: LocalHttpApiOptions = {},
): Promise<LocalHttpApi> {
  const server = createServer((req, res) => {
    answer(handler, options, req, res).catch((error) => {
      console.error('the local HTTP API could not answer a request', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"Internal Server Error"}');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(
  handler: LambdaHttpHandler,
  options: LocalHttpApiOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const event = apiGatewayV2Event({
    method: req.method,
    path: req.url ?? '/',
    headers: req.headersDistinct as Record<string, string[]>,
    body: body.length > 0 ? new Uint8Array(body) : undefined,
    sourceIp: req.socket.remoteAddress,
  });
  const context = lambdaContext({
    timeoutMs: options.timeoutMs ?? 10_000,
    functionName: options.functionName ?? 'router',
  });
  const result = await handler(event, context);
  const response = lambdaResultToResponse(result);
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie]);
  res.writeHead(response.status, headers.flat());
  res.end(Buffer.from(await response.arrayBuffer()));
}
