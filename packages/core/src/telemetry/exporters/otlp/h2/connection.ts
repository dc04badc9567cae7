import type { Socket } from 'node:net';
import { encodeHeaders, HpackDecoder } from './hpack';

/**
 * A minimal HTTP/2 client connection (RFC 9113) over `node:net` or `node:tls`, for the unary
 * requests of OTLP/gRPC. Why not `node:http2`: loading it costs ~10 ms of every cold start
 * (it pulls in `tls`, `http` and nghttp2's bindings) and its session setup another few ms,
 * where an exporter needs one request at a time on one connection. This speaks what such a
 * client needs and no more: requests with a body, responses with trailers, flow control both
 * ways, SETTINGS, PING, WINDOW_UPDATE, RST_STREAM, GOAWAY. No server push (disabled in our
 * SETTINGS), no priorities, no dynamic-table compression of our own headers (HPACK literals).
 */

/** Frame types (RFC 9113 section 6). */
const DATA = 0x0;
const HEADERS = 0x1;
const RST_STREAM = 0x3;
const SETTINGS = 0x4;
const PUSH_PROMISE = 0x5;
const PING = 0x6;
const GOAWAY = 0x7;
const WINDOW_UPDATE = 0x8;
const CONTINUATION = 0x9;

/** Flags. */
const END_STREAM = 0x1;
const ACK = 0x1;
const END_HEADERS = 0x4;
const PADDED = 0x8;
const PRIORITY = 0x20;

/** SETTINGS parameters. */
const SETTINGS_ENABLE_PUSH = 0x2;
const SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
const SETTINGS_MAX_FRAME_SIZE = 0x5;

/** Error codes (RFC 9113 section 7). */
export const H2_NO_ERROR = 0x0;
const PROTOCOL_ERROR = 0x1;
const FLOW_CONTROL_ERROR = 0x3;
const FRAME_SIZE_ERROR = 0x6;
export const H2_CANCEL = 0x8;
const COMPRESSION_ERROR = 0x9;

/** An HPACK dynamic table size update to 0 (`001` and a 5-bit prefix integer). */
const TABLE_SIZE_ZERO = Buffer.from([0x20]);
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const DEFAULT_WINDOW = 65_535;
const DEFAULT_MAX_FRAME = 16_384;
/** What we let the server send on a stream before we return credit: responses here are small. */
const OUR_STREAM_WINDOW = 1 << 20;
const MAX_WINDOW = 2 ** 31 - 1;
const MAX_STREAM_ID = 2 ** 31 - 1;

/** A request failed at the HTTP/2 level: the connection broke, or the server reset the stream. */
export class H2Error extends Error {
  constructor(
    message: string,
    /** The HTTP/2 error code, when the peer sent one. */
    readonly code?: number,
  ) {
    super(message);
    this.name = 'H2Error';
  }
}

/** A complete response: the header block, the body, and the trailers if any. */
export interface H2Response {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly trailers: Map<string, string>;
  readonly body: Buffer;
}

/** A request in flight; `cancel` resets its stream (RST_STREAM CANCEL). */
export interface H2Request {
  cancel(): void;
}

type Done = (error: H2Error | undefined, response?: H2Response) => void;

interface Stream {
  readonly id: number;
  readonly done: Done;
  /** Request body not sent yet (flow control). */
  pending: Buffer;
  sendWindow: number;
  /** Credit used by the server on this stream since we last returned it. */
  received: number;
  status: number;
  headers: Map<string, string> | undefined;
  trailers: Map<string, string>;
  chunks: Buffer[];
}

export interface H2ConnectionOptions {
  /** Called once when the connection can take no more requests (closed, failed, or GOAWAY). */
  onUnusable?: () => void;
  /** Certificate authorities to trust for `https:` (PEM); default: Node's. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** A client certificate and its key for `https:` (PEM), for servers that require one (mTLS). */
  cert?: string | Buffer;
  key?: string | Buffer;
}

/**
 * One HTTP/2 connection to `url`'s origin. The socket is opened by the constructor, and the
 * preface and SETTINGS are written at once, so the handshake overlaps whatever the caller does
 * next. Every failure ends in the callbacks of the requests it concerns; none is thrown or
 * emitted where nobody listens.
 *
 * @example
 * ```ts
 * const conn = new H2Connection(new URL('http://127.0.0.1:4317'));
 * conn.request('POST', '/svc/Method', [['content-type', 'application/grpc']], body, (error, res) => {
 *   if (!error) console.log(res.status, res.trailers.get('grpc-status'));
 *   conn.close();
 * });
 * ```
 */
export class H2Connection {
  private readonly socket: Socket;
  private readonly decoder = new HpackDecoder();
  private readonly streams = new Map<number, Stream>();
  private readonly queue: Array<() => void> = [];
  private readonly scheme: string;
  private readonly authority: string;
  private nextId = 1;
  private input: Buffer | undefined;
  private connWindow = DEFAULT_WINDOW;
  private connReceived = 0;
  private peerInitialWindow = DEFAULT_WINDOW;
  private peerMaxFrame = DEFAULT_MAX_FRAME;
  private peerMaxStreams = Number.POSITIVE_INFINITY;
  /** A header block split over CONTINUATION frames: its stream, END_STREAM, and the parts so far. */
  private continuing: { id: number; endStream: boolean; parts: Buffer[] } | undefined;
  private failure: H2Error | undefined;
  /** GOAWAY received: requests in flight may finish, new ones go to another connection. */
  private draining = false;
  private unusableNotified = false;

  constructor(
    url: URL,
    private readonly options: H2ConnectionOptions = {},
  ) {
    const https = url.protocol === 'https:';
    this.scheme = https ? 'https' : 'http';
    this.authority = url.host;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (https ? 443 : 80));
    if (https) {
      // node:tls only for TLS endpoints; ALPN must agree on h2.
      const tls = require('node:tls') as typeof import('node:tls');
      const socket = tls.connect({
        host,
        port,
        servername: isIp(host) ? undefined : host,
        ALPNProtocols: ['h2'],
        ca: options.ca,
        cert: options.cert,
        key: options.key,
      });
      socket.once('secureConnect', () => {
        if (socket.alpnProtocol !== 'h2')
          this.fail(new H2Error(`${url.origin} does not speak HTTP/2 (ALPN)`));
      });
      this.socket = socket;
    } else {
      const net = require('node:net') as typeof import('node:net');
      this.socket = net.connect({ host, port });
    }
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // An 'error' without a listener would crash the process; the requests report it.
    this.socket.on('error', (error) => this.fail(new H2Error(`${error.name}: ${error.message}`)));
    this.socket.on('close', () => this.fail(new H2Error('connection closed')));
    this.socket.write(
      Buffer.concat([
        PREFACE,
        frame(
          SETTINGS,
          0,
          0,
          settingsPayload([
            [SETTINGS_ENABLE_PUSH, 0],
            [SETTINGS_INITIAL_WINDOW_SIZE, OUR_STREAM_WINDOW],
          ]),
        ),
      ]),
    );
  }

  /** Whether a new request may start here (not failed, closed or draining, ids left). */
  get usable(): boolean {
    return !this.failure && !this.draining && this.nextId < MAX_STREAM_ID;
  }

  /** Keeps the process alive while requests are in flight; {@link unref} when idle. */
  ref(): void {
    this.socket.ref();
  }

  unref(): void {
    this.socket.unref();
  }

  /**
   * Sends a request with a body; `headerFields` are the fields after the pseudo-headers, with
   * lower-case names. `:scheme` and `:authority` come from the URL. `done` is called exactly once.
   */
  request(
    method: string,
    path: string,
    headerFields: ReadonlyArray<readonly [string, string]>,
    body: Buffer,
    done: Done,
  ): H2Request {
    let stream: Stream | undefined;
    let cancelled = false;
    const start = () => {
      if (cancelled) return;
      if (this.failure || this.draining) {
        done(this.failure ?? new H2Error('the server is closing the connection (GOAWAY)'));
        return;
      }
      const id = this.nextId;
      this.nextId += 2;
      stream = {
        id,
        done,
        pending: body,
        sendWindow: this.peerInitialWindow,
        received: 0,
        status: 0,
        headers: undefined,
        trailers: new Map(),
        chunks: [],
      };
      this.streams.set(id, stream);
      const block = encodeHeaders([
        [':method', method],
        [':scheme', this.scheme],
        [':authority', this.authority],
        [':path', path],
        ...headerFields,
      ]);
      // Every block opens with a dynamic table size update to 0: our encoder never indexes, and
      // announcing 0 honours any SETTINGS_HEADER_TABLE_SIZE the server has set or will set, which
      // HPACK requires the encoder to acknowledge this way (RFC 7541 section 4.2).
      this.writeHeaderBlock(id, Buffer.concat([TABLE_SIZE_ZERO, block]), body.length === 0);
      this.pump(stream);
    };
    if (this.streams.size < this.peerMaxStreams) start();
    else this.queue.push(start);
    return {
      cancel: () => {
        cancelled = true;
        if (stream && this.streams.get(stream.id) === stream) {
          this.streams.delete(stream.id);
          this.write(frame(RST_STREAM, 0, stream.id, u32(H2_CANCEL)));
          this.dequeue();
        }
      },
    };
  }

  /** Closes gracefully: GOAWAY, then the socket once the writes are out. Requests in flight fail. */
  close(): void {
    if (this.failure) return;
    this.write(frame(GOAWAY, 0, 0, Buffer.concat([u32(0), u32(H2_NO_ERROR)])));
    this.socket.end();
    this.fail(new H2Error('connection closed by the client'), false);
  }

  /** Drops the connection at once; requests in flight fail. */
  destroy(): void {
    this.fail(new H2Error('connection destroyed by the client'));
  }

  private writeHeaderBlock(id: number, block: Buffer, endStream: boolean): void {
    const max = this.peerMaxFrame;
    if (block.length <= max) {
      this.write(frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), id, block));
      return;
    }
    const frames = [frame(HEADERS, endStream ? END_STREAM : 0, id, block.subarray(0, max))];
    for (let at = max; at < block.length; at += max) {
      const last = at + max >= block.length;
      frames.push(frame(CONTINUATION, last ? END_HEADERS : 0, id, block.subarray(at, at + max)));
    }
    this.write(Buffer.concat(frames));
  }

  /** Sends as much of a stream's body as both flow-control windows allow. */
  private pump(stream: Stream): void {
    while (stream.pending.length > 0) {
      const size = Math.min(stream.pending.length, this.peerMaxFrame, this.connWindow, stream.sendWindow);
      if (size <= 0) return;
      const chunk = stream.pending.subarray(0, size);
      stream.pending = stream.pending.subarray(size);
      this.connWindow -= size;
      stream.sendWindow -= size;
      this.write(frame(DATA, stream.pending.length === 0 ? END_STREAM : 0, stream.id, chunk));
    }
  }

  private write(data: Buffer): void {
    if (!this.failure) this.socket.write(data);
  }

  private onData(chunk: Buffer): void {
    let buf = this.input ? Buffer.concat([this.input, chunk]) : chunk;
    while (buf.length >= 9 && !this.failure) {
      const length = buf.readUIntBE(0, 3);
      if (length > DEFAULT_MAX_FRAME) {
        // We never raise SETTINGS_MAX_FRAME_SIZE, so a bigger frame is the server's error.
        this.connectionError(FRAME_SIZE_ERROR, `frame of ${length} bytes`);
        return;
      }
      if (buf.length < 9 + length) break;
      const type = buf[3];
      const flags = buf[4];
      const id = buf.readUInt32BE(5) & MAX_STREAM_ID;
      const payload = buf.subarray(9, 9 + length);
      buf = buf.subarray(9 + length);
      try {
        this.onFrame(type, flags, id, payload);
      } catch (error) {
        // The HPACK decoder threw: the shared header table can no longer be trusted.
        this.connectionError(COMPRESSION_ERROR, error instanceof Error ? error.message : String(error));
        return;
      }
    }
    this.input = buf.length > 0 ? Buffer.from(buf) : undefined;
  }

  private onFrame(type: number, flags: number, id: number, payload: Buffer): void {
    if (this.continuing && type !== CONTINUATION) {
      this.connectionError(PROTOCOL_ERROR, 'a header block was interrupted');
      return;
    }
    switch (type) {
      case DATA:
        this.onDataFrame(flags, id, payload);
        return;
      case HEADERS: {
        let block = unpad(flags, payload);
        if (block === undefined) {
          this.connectionError(PROTOCOL_ERROR, 'bad padding');
          return;
        }
        if (flags & PRIORITY) block = block.subarray(5);
        if (flags & END_HEADERS) {
          this.onHeaderBlock(id, block, (flags & END_STREAM) !== 0);
          return;
        }
        this.continuing = { id, endStream: (flags & END_STREAM) !== 0, parts: [block] };
        return;
      }
      case CONTINUATION: {
        const c = this.continuing;
        if (!c || c.id !== id) {
          this.connectionError(PROTOCOL_ERROR, 'unexpected CONTINUATION');
          return;
        }
        c.parts.push(payload);
        if (flags & END_HEADERS) {
          this.continuing = undefined;
          this.onHeaderBlock(id, Buffer.concat(c.parts), c.endStream);
        }
        return;
      }
      case RST_STREAM: {
        const code = payload.length === 4 ? payload.readUInt32BE(0) : PROTOCOL_ERROR;
        this.finish(id, new H2Error(`the server reset the stream (HTTP/2 error ${code})`, code));
        return;
      }
      case SETTINGS:
        this.onSettings(flags, payload);
        return;
      case PUSH_PROMISE:
        this.connectionError(PROTOCOL_ERROR, 'PUSH_PROMISE although push is disabled');
        return;
      case PING:
        if (!(flags & ACK) && payload.length === 8) this.write(frame(PING, ACK, 0, payload));
        return;
      case GOAWAY:
        this.onGoaway(payload);
        return;
      case WINDOW_UPDATE:
        this.onWindowUpdate(id, payload);
        return;
      default:
        // Unknown frame types are ignored (RFC 9113 section 4.1).
        return;
    }
  }

  private onDataFrame(flags: number, id: number, payload: Buffer): void {
    // Flow control counts the whole payload, padding included.
    this.connReceived += payload.length;
    if (this.connReceived >= DEFAULT_WINDOW / 2) {
      this.write(frame(WINDOW_UPDATE, 0, 0, u32(this.connReceived)));
      this.connReceived = 0;
    }
    const data = unpad(flags, payload);
    if (data === undefined) {
      this.connectionError(PROTOCOL_ERROR, 'bad padding');
      return;
    }
    const stream = this.streams.get(id);
    if (!stream) return;
    stream.chunks.push(Buffer.from(data));
    stream.received += payload.length;
    if (flags & END_STREAM) {
      this.finish(id);
      return;
    }
    if (stream.received >= OUR_STREAM_WINDOW / 2) {
      this.write(frame(WINDOW_UPDATE, 0, id, u32(stream.received)));
      stream.received = 0;
    }
  }

  private onHeaderBlock(id: number, block: Buffer, endStream: boolean): void {
    // Decoded even for a stream we gave up on: HPACK state is shared by the whole connection.
    const fields = this.decoder.decode(block);
    const stream = this.streams.get(id);
    if (!stream) return;
    const map = new Map<string, string>();
    for (const [name, value] of fields) {
      const seen = map.get(name);
      map.set(name, seen === undefined ? value : `${seen},${value}`);
    }
    if (!stream.headers && map.has(':status')) {
      const status = Number(map.get(':status'));
      // 1xx: informational, the real response follows.
      if (status >= 100 && status < 200) return;
      stream.status = status;
      stream.headers = map;
    } else {
      for (const [name, value] of map) stream.trailers.set(name, value);
    }
    if (endStream) this.finish(id);
  }

  private onSettings(flags: number, payload: Buffer): void {
    if (flags & ACK) return;
    if (payload.length % 6 !== 0) {
      this.connectionError(FRAME_SIZE_ERROR, 'SETTINGS length');
      return;
    }
    for (let at = 0; at < payload.length; at += 6) {
      const key = payload.readUInt16BE(at);
      const value = payload.readUInt32BE(at + 2);
      if (key === SETTINGS_INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW) {
          this.connectionError(FLOW_CONTROL_ERROR, 'initial window');
          return;
        }
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const stream of this.streams.values()) stream.sendWindow += delta;
      } else if (key === SETTINGS_MAX_FRAME_SIZE) {
        if (value < DEFAULT_MAX_FRAME || value > 16_777_215) {
          this.connectionError(PROTOCOL_ERROR, 'max frame size');
          return;
        }
        this.peerMaxFrame = value;
      } else if (key === SETTINGS_MAX_CONCURRENT_STREAMS) {
        this.peerMaxStreams = value;
      }
      // HEADER_TABLE_SIZE: our encoder never indexes, so any size suits it.
    }
    this.write(frame(SETTINGS, ACK, 0, Buffer.alloc(0)));
    for (const stream of this.streams.values()) this.pump(stream);
    this.dequeue();
  }

  private onWindowUpdate(id: number, payload: Buffer): void {
    if (payload.length !== 4) {
      this.connectionError(FRAME_SIZE_ERROR, 'WINDOW_UPDATE length');
      return;
    }
    const increment = payload.readUInt32BE(0) & MAX_WINDOW;
    if (id === 0) {
      this.connWindow += increment;
      if (this.connWindow > MAX_WINDOW) {
        this.connectionError(FLOW_CONTROL_ERROR, 'window overflow');
        return;
      }
      for (const stream of this.streams.values()) this.pump(stream);
      return;
    }
    const stream = this.streams.get(id);
    if (!stream) return;
    stream.sendWindow += increment;
    this.pump(stream);
  }

  private onGoaway(payload: Buffer): void {
    if (payload.length < 8) {
      this.connectionError(FRAME_SIZE_ERROR, 'GOAWAY length');
      return;
    }
    const lastId = payload.readUInt32BE(0) & MAX_STREAM_ID;
    const code = payload.readUInt32BE(4);
    if (code !== H2_NO_ERROR) {
      // The server ends the connection over an error: nothing more will come on it.
      this.fail(new H2Error(`the server closed the connection (HTTP/2 error ${code})`, code));
      return;
    }
    this.draining = true;
    this.notifyUnusable();
    // Streams the server never processed may be retried elsewhere; the others may still finish.
    for (const id of [...this.streams.keys()]) {
      if (id > lastId) this.finish(id, new H2Error(`the server is going away (HTTP/2 error ${code})`, code));
    }
    for (const start of this.queue.splice(0)) start();
    if (this.streams.size === 0) this.close();
  }

  /** Completes a stream: with the error, or with the response it has. */
  private finish(id: number, error?: H2Error): void {
    const stream = this.streams.get(id);
    if (!stream) return;
    this.streams.delete(id);
    if (error) stream.done(error);
    else if (!stream.headers) stream.done(new H2Error('the stream ended without a response'));
    else
      stream.done(undefined, {
        status: stream.status,
        headers: stream.headers,
        trailers: stream.trailers,
        body: stream.chunks.length === 1 ? stream.chunks[0] : Buffer.concat(stream.chunks),
      });
    this.dequeue();
    if (this.draining && this.streams.size === 0 && !this.failure) this.close();
  }

  private dequeue(): void {
    while (this.queue.length > 0 && this.streams.size < this.peerMaxStreams) this.queue.shift()?.();
  }

  private connectionError(code: number, reason: string): void {
    if (this.failure) return;
    // Last-Stream-ID names the peer's streams we processed: a client that refuses push, none.
    this.write(frame(GOAWAY, 0, 0, Buffer.concat([u32(0), u32(code)])));
    this.fail(new H2Error(`HTTP/2 connection error ${code}: ${reason}`, code));
  }

  /** The connection is over: every request in flight or queued fails with `error`. */
  private fail(error: H2Error, destroy = true): void {
    if (this.failure) return;
    this.failure = error;
    this.notifyUnusable();
    this.input = undefined;
    if (destroy && !this.socket.destroyed) this.socket.destroy();
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const stream of streams) stream.done(error);
    for (const start of this.queue.splice(0)) start();
  }

  private notifyUnusable(): void {
    if (this.unusableNotified) return;
    this.unusableNotified = true;
    this.options.onUnusable?.();
  }
}

function frame(type: number, flags: number, id: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(9 + payload.length);
  out.writeUIntBE(payload.length, 0, 3);
  out[3] = type;
  out[4] = flags;
  out.writeUInt32BE(id, 5);
  payload.copy(out, 9);
  return out;
}

function settingsPayload(entries: Array<[number, number]>): Buffer {
  const out = Buffer.allocUnsafe(entries.length * 6);
  entries.forEach(([key, value], i) => {
    out.writeUInt16BE(key, i * 6);
    out.writeUInt32BE(value, i * 6 + 2);
  });
  return out;
}

function u32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

/** The payload without its padding; undefined when the padding is longer than the frame. */
function unpad(flags: number, payload: Buffer): Buffer | undefined {
  if (!(flags & PADDED)) return payload;
  if (payload.length < 1) return undefined;
  const pad = payload[0];
  if (pad >= payload.length) return undefined;
  return payload.subarray(1, payload.length - pad);
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
