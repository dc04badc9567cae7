import {
  type ClientHttp2Session,
  type ClientHttp2Stream,
  connect,
  constants,
  type IncomingHttpHeaders,
} from 'node:http2';
import type { OtlpEndpoint } from '../../config/resolve';

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
 * The unary gRPC calls OTLP needs, over Node's own `http2`: one long-lived connection, one
 * request per export, a deadline on each. Why not `@grpc/grpc-js`: it adds ~400 KB and ~20 ms to
 * a cold start for name resolution, load balancing and streaming that an exporter never uses.
 *
 * The connection is unref'd while idle, so it never keeps a process alive, and dropped after a
 * deadline or an error: after a freeze a pooled connection may be dead without knowing it.
 */
export class GrpcUnaryClient {
  private session: ClientHttp2Session | undefined;
  private inFlight = 0;
  private readonly origin: string;
  private readonly metadata: Record<string, string>;

  constructor(private readonly endpoint: OtlpEndpoint) {
    this.origin = endpoint.url.origin;
    this.metadata = {};
    for (const [name, value] of Object.entries(endpoint.headers)) {
      const lower = name.toLowerCase();
      if (!RESERVED.test(lower)) this.metadata[lower] = value;
    }
  }

  /** Sends one request message; resolves with the response message, rejects with {@link OtlpExportError}. */
  call(path: string, message: Uint8Array): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      const session = this.connect();
      this.inFlight += 1;
      session.ref();
      let stream: ClientHttp2Stream | undefined;
      let settled = false;
      const finish = (error: OtlpExportError | undefined, body?: Uint8Array) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight -= 1;
        if (this.inFlight === 0 && !session.destroyed) session.unref();
        if (error) reject(error);
        else resolve(body ?? new Uint8Array());
      };
      const timer = setTimeout(() => {
        stream?.close(constants.NGHTTP2_CANCEL);
        this.discard(session);
        finish(
          new OtlpExportError(GrpcStatus.DEADLINE_EXCEEDED, `no answer within ${this.endpoint.timeoutMs} ms`),
        );
      }, this.endpoint.timeoutMs);
      try {
        stream = session.request(
          {
            [constants.HTTP2_HEADER_METHOD]: 'POST',
            [constants.HTTP2_HEADER_PATH]: path,
            'content-type': 'application/grpc',
            te: 'trailers',
            'grpc-timeout': `${Math.max(1, Math.floor(this.endpoint.timeoutMs))}m`,
            'grpc-accept-encoding': 'identity,gzip',
            'user-agent': 'faasade-otlp-grpc',
            ...(this.endpoint.compression === 'gzip' ? { 'grpc-encoding': 'gzip' } : {}),
            ...this.metadata,
          },
          { endStream: false },
        );
      } catch (error) {
        this.discard(session);
        finish(new OtlpExportError(GrpcStatus.UNAVAILABLE, describe(error)));
        return;
      }
      readResponse(stream, (error, body) => {
        if (error && error.code === GrpcStatus.UNAVAILABLE) this.discard(session);
        finish(error, body);
      });
      stream.end(frame(message, this.endpoint.compression === 'gzip'));
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
    if (this.session) this.discard(this.session);
  }

  private connect(): ClientHttp2Session {
    const current = this.session;
    if (current && !current.closed && !current.destroyed) return current;
    const session = connect(this.origin);
    // An 'error' without a listener would crash the process; the failing call reports it.
    session.on('error', () => this.discard(session));
    // GOAWAY (a collector restarting, or ending an old connection): no new calls on it, but the
    // calls in flight may still finish, so it is closed, not destroyed.
    session.on('goaway', () => {
      if (this.session === session) this.session = undefined;
      if (!session.closed) session.close();
    });
    session.on('close', () => {
      if (this.session === session) this.session = undefined;
    });
    session.unref();
    this.session = session;
    return session;
  }

  private discard(session: ClientHttp2Session): void {
    if (this.session === session) this.session = undefined;
    if (!session.destroyed) session.destroy();
  }
}

/** Collects one unary response: headers, length-prefixed message, trailers with `grpc-status`. */
function readResponse(
  stream: ClientHttp2Stream,
  done: (error: OtlpExportError | undefined, body?: Uint8Array) => void,
): void {
  let headers: IncomingHttpHeaders = {};
  let trailers: IncomingHttpHeaders = {};
  const chunks: Buffer[] = [];
  let failed: unknown;
  stream.on('response', (h) => {
    headers = h;
  });
  stream.on('trailers', (t) => {
    trailers = t;
  });
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('error', (error) => {
    failed = error;
  });
  stream.on('close', () => {
    const httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS] ?? 0);
    // A "trailers-only" answer carries grpc-status in the headers.
    const status = trailers['grpc-status'] ?? headers['grpc-status'];
    if (status === undefined) {
      const reason = failed
        ? describe(failed)
        : httpStatus
          ? `HTTP ${httpStatus} without grpc-status`
          : 'connection closed';
      done(
        new OtlpExportError(
          httpStatus && httpStatus !== 200 ? GrpcStatus.UNKNOWN : GrpcStatus.UNAVAILABLE,
          reason,
        ),
      );
      return;
    }
    const code = Number(status);
    if (code !== GrpcStatus.OK) {
      const message = decodeMessage(trailers['grpc-message'] ?? headers['grpc-message']);
      done(new OtlpExportError(code, message || 'the collector refused the export'));
      return;
    }
    try {
      done(undefined, unframe(Buffer.concat(chunks), headers['grpc-encoding'] === 'gzip'));
    } catch (error) {
      done(new OtlpExportError(GrpcStatus.INTERNAL, `unreadable response: ${describe(error)}`));
    }
  });
}

/** `node:zlib`, loaded only when a message is compressed (most exports never are). */
const zlib = (): typeof import('node:zlib') => require('node:zlib') as typeof import('node:zlib');

/** gRPC message framing: compressed flag (1 byte), big-endian length (4 bytes), message. */
function frame(message: Uint8Array, gzip: boolean): Buffer {
  const payload = gzip
    ? zlib().gzipSync(message)
    : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
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

function decodeMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
