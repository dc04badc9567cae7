import type { OtlpEndpoint } from '../../config/resolve';
import type { OtlpClient } from './client';
import { H2Connection, type H2Error, type H2Request, type H2Response } from './h2/connection';

/** gRPC status codes used here. */
export const GrpcStatus = { OK: 0, UNKNOWN: 2, DEADLINE_EXCEEDED: 4, INTERNAL: 13, UNAVAILABLE: 14 } as const;

/** An OTLP export failed: the collector answered with a gRPC error, or could not be reached in time. */
export class OtlpExportError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`OTLP export failed (gRPC status ${code}): ${message}`);
    this.name = 'OtlpExportError';
  }
}

/** Headers a caller must not override: HTTP/2 pseudo-headers and the ones gRPC itself sets. */
const RESERVED =
  /^(:|content-type$|te$|grpc-timeout$|grpc-encoding$|grpc-accept-encoding$|connection$|host$)/;

/**
 * The unary gRPC calls OTLP needs, over faasade's own minimal HTTP/2 client (`./h2`): one
 * long-lived connection, one request per export, a deadline on each. Why not `@grpc/grpc-js`: it
 * adds ~400 KB and ~20 ms to a cold start for name resolution, load balancing and streaming that
 * an exporter never uses; why not `node:http2`: loading it alone costs ~10 ms (see
 * docs/decisions/008-otlp-over-node-http2.md).
 *
 * The connection is unref'd while idle, so it never keeps a process alive, and dropped after a
 * deadline or an error: after a freeze a pooled connection may be dead without knowing it.
 */
export class GrpcUnaryClient implements OtlpClient {
  private connection: H2Connection | undefined;
  private inFlight = 0;
  private readonly url: URL;
  private readonly fields: ReadonlyArray<readonly [string, string]>;

  constructor(private readonly endpoint: OtlpEndpoint) {
    this.url = new URL(endpoint.url.origin);
    const fields: Array<[string, string]> = [
      ['content-type', 'application/grpc'],
      ['te', 'trailers'],
      ['grpc-timeout', `${Math.max(1, Math.floor(endpoint.timeoutMs))}m`],
      ['grpc-accept-encoding', 'identity,gzip'],
    ];
    if (endpoint.compression === 'gzip') fields.push(['grpc-encoding', 'gzip']);
    const metadata = new Map<string, string>();
    for (const [name, value] of Object.entries(endpoint.headers)) {
      const lower = name.toLowerCase();
      if (!RESERVED.test(lower)) metadata.set(lower, value);
    }
    // A user-agent of the caller's own replaces ours.
    if (!metadata.has('user-agent')) fields.push(['user-agent', 'faasade-otlp-grpc']);
    this.fields = [...fields, ...metadata];
  }

  /** Sends one request message; resolves with the response message, rejects with {@link OtlpExportError}. */
  call(path: string, message: Uint8Array): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      let connection: H2Connection;
      let body: Buffer;
      try {
        connection = this.connect();
        body = frame(message, this.endpoint.compression === 'gzip');
      } catch (error) {
        reject(new OtlpExportError(GrpcStatus.UNAVAILABLE, describe(error)));
        return;
      }
      this.inFlight += 1;
      connection.ref();
      let request: H2Request | undefined;
      let settled = false;
      const finish = (error: OtlpExportError | undefined, response?: Uint8Array) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight -= 1;
        if (this.inFlight === 0) connection.unref();
        if (error) reject(error);
        else resolve(response ?? new Uint8Array());
      };
      const timer = setTimeout(() => {
        request?.cancel();
        this.discard(connection);
        finish(
          new OtlpExportError(GrpcStatus.DEADLINE_EXCEEDED, `no answer within ${this.endpoint.timeoutMs} ms`),
        );
      }, this.endpoint.timeoutMs);
      request = connection.request('POST', path, this.fields, body, (error, response) => {
        const outcome = readResponse(error, response);
        if (outcome.error?.code === GrpcStatus.UNAVAILABLE) this.discard(connection);
        finish(outcome.error, outcome.body);
      });
    });
  }

  /**
   * Opens the connection now, without waiting for it, so that its TCP (and TLS) handshake and the
   * HTTP/2 settings exchange overlap the invocation instead of delaying the first export. Never
   * throws; a connection that fails is dropped, and the next call opens another.
   */
  preconnect(): void {
    try {
      this.connect();
    } catch {
      // The first call reports it.
    }
  }

  /** Closes the connection; calls in flight fail. */
  close(): void {
    if (this.connection) this.discard(this.connection);
  }

  private connect(): H2Connection {
    const current = this.connection;
    if (current?.usable) return current;
    // GOAWAY (a collector restarting, or ending an old connection) makes it unusable for new
    // calls while the calls in flight may still finish on it.
    const connection: H2Connection = new H2Connection(this.url, {
      ...this.endpoint.tls,
      onUnusable: () => {
        if (this.connection === connection) this.connection = undefined;
      },
    });
    connection.unref();
    this.connection = connection;
    return connection;
  }

  private discard(connection: H2Connection): void {
    if (this.connection === connection) this.connection = undefined;
    connection.destroy();
  }
}

/** Reads one unary response: headers, length-prefixed message, trailers with `grpc-status`. */
function readResponse(
  failed: H2Error | undefined,
  response: H2Response | undefined,
): { error?: OtlpExportError; body?: Uint8Array } {
  if (failed || !response) {
    return {
      error: new OtlpExportError(
        GrpcStatus.UNAVAILABLE,
        failed ? `${failed.name}: ${failed.message}` : 'connection closed',
      ),
    };
  }
  const { status: httpStatus, headers, trailers } = response;
  // A "trailers-only" answer carries grpc-status in the headers.
  const status = trailers.get('grpc-status') ?? headers.get('grpc-status');
  if (status === undefined) {
    return {
      error: new OtlpExportError(
        httpStatus && httpStatus !== 200 ? GrpcStatus.UNKNOWN : GrpcStatus.UNAVAILABLE,
        httpStatus ? `HTTP ${httpStatus} without grpc-status` : 'connection closed',
      ),
    };
  }
  const code = Number(status);
  if (code !== GrpcStatus.OK) {
    const message = decodeMessage(trailers.get('grpc-message') ?? headers.get('grpc-message'));
    return { error: new OtlpExportError(code, message || 'the collector refused the export') };
  }
  try {
    return { body: unframe(response.body, headers.get('grpc-encoding') === 'gzip') };
  } catch (error) {
    return { error: new OtlpExportError(GrpcStatus.INTERNAL, `unreadable response: ${describe(error)}`) };
  }
}

/** `node:zlib`, loaded only when a message is compressed (most exports never are). */
const zlib = (): typeof import('node:zlib') => require('node:zlib') as typeof import('node:zlib');

/** The message as sent: gzip-compressed, or the same bytes as a Buffer (no copy). OTLP/HTTP sends it as is. */
export function encodeMessage(message: Uint8Array, gzip: boolean): Buffer {
  return gzip
    ? zlib().gzipSync(message)
    : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
}

/** gRPC message framing: compressed flag (1 byte), big-endian length (4 bytes), message. */
function frame(message: Uint8Array, gzip: boolean): Buffer {
  const payload = encodeMessage(message, gzip);
  const header = Buffer.alloc(5);
  header.writeUInt8(gzip ? 1 : 0, 0);
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

function unframe(data: Buffer, gzip: boolean): Uint8Array {
  if (data.length < 5) return new Uint8Array();
  const compressed = data.readUInt8(0) === 1;
  const length = data.readUInt32BE(1);
  const payload = data.subarray(5, 5 + length);
  return compressed && gzip ? zlib().gunzipSync(payload) : payload;
}

function decodeMessage(value: string | undefined): string {
  const text = value ?? '';
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
