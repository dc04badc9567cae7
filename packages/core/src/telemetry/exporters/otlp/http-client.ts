import type { Agent, IncomingMessage } from 'node:http';
import type { OtlpEndpoint } from '../../config/resolve';
import type { OtlpClient } from './client';
import { encodeMessage, GrpcStatus, OtlpExportError } from './grpc-client';

/** Headers a caller must not override. */
const RESERVED = /^(content-type$|content-length$|content-encoding$|host$|connection$|transfer-encoding$)/;

/** HTTP statuses worth retrying (the OTLP/HTTP specification's list), as gRPC UNAVAILABLE. */
const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * OTLP over HTTP/1.1 with protobuf bodies (`http/protobuf`): each export is a POST of the same
 * message the gRPC transport sends, to `.../v1/traces` or `.../v1/metrics`, on a keep-alive
 * connection. `node:http` or `node:https` is loaded when the first client is made, and only the
 * one the URL needs.
 *
 * @example
 * ```ts
 * const client = new OtlpHttpClient({ protocol: 'http/protobuf', url: new URL('http://127.0.0.1:4318/v1/traces'), headers: {}, timeoutMs: 2000, compression: 'none' });
 * const response = await client.call('', serializedRequest);
 * client.close();
 * ```
 */
export class OtlpHttpClient implements OtlpClient {
  private readonly transport: typeof import('node:https') | typeof import('node:http');
  private readonly agent: Agent;
  private readonly headers: Record<string, string>;

  constructor(private readonly endpoint: OtlpEndpoint) {
    const https = endpoint.url.protocol === 'https:';
    this.transport = https
      ? (require('node:https') as typeof import('node:https'))
      : (require('node:http') as typeof import('node:http'));
    // Idle keep-alive sockets are unref'd by the agent: the client never keeps a process alive.
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: 4, ...endpoint.tls });
    const headers: Record<string, string> = {
      'content-type': 'application/x-protobuf',
      'user-agent': 'faasade-otlp-http',
    };
    for (const [name, value] of Object.entries(endpoint.headers)) {
      const lower = name.toLowerCase();
      if (!RESERVED.test(lower)) headers[lower] = value;
    }
    if (endpoint.compression === 'gzip') headers['content-encoding'] = 'gzip';
    this.headers = headers;
  }

  call(_path: string, message: Uint8Array): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      let body: Buffer;
      try {
        body = encodeMessage(message, this.endpoint.compression === 'gzip');
      } catch (error) {
        reject(new OtlpExportError(GrpcStatus.INTERNAL, describe(error)));
        return;
      }
      let settled = false;
      const finish = (error: OtlpExportError | undefined, response?: Uint8Array) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(response ?? new Uint8Array());
      };
      const request = this.transport.request(this.endpoint.url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...this.headers, 'content-length': String(body.length) },
      });
      const timer = setTimeout(() => {
        request.destroy();
        finish(
          new OtlpExportError(GrpcStatus.DEADLINE_EXCEEDED, `no answer within ${this.endpoint.timeoutMs} ms`),
        );
      }, this.endpoint.timeoutMs);
      request.on('error', (error) => finish(new OtlpExportError(GrpcStatus.UNAVAILABLE, describe(error))));
      request.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => finish(new OtlpExportError(GrpcStatus.UNAVAILABLE, describe(error))));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const data = Buffer.concat(chunks);
          if (status >= 200 && status < 300) {
            finish(undefined, data);
            return;
          }
          const code = RETRYABLE.has(status) ? GrpcStatus.UNAVAILABLE : GrpcStatus.UNKNOWN;
          const text = /^text\/|json/.test(String(response.headers['content-type']))
            ? data.toString('utf8')
            : '';
          finish(new OtlpExportError(code, `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`));
        });
      });
      request.end(body);
    });
  }

  /** Nothing to do ahead: the first POST opens the connection (HTTP has no settings exchange). */
  preconnect(): void {}

  close(): void {
    this.agent.destroy();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
