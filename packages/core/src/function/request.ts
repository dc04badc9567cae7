/** Headers as adapters receive them: lowercase names, one or several values. */
export type RawHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What an adapter knows about an HTTP request, before any Web `Request` exists. */
export interface RequestInit {
  method: string;
  /** Absolute URL with the query string. */
  url: string;
  headers: RawHeaders;
  body?: Uint8Array | string;
  signal?: AbortSignal;
}

import { delegateMembers, linkPrototype, whenWebGlobal } from './web-globals';

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const REAL = Symbol('real');

/**
 * A Web-standard `Request` that costs almost nothing until a handler needs what only a real
 * one has (its body stream, `clone()`): method, url, headers and `text()`/`json()`/
 * `arrayBuffer()` are served from what the adapter already holds. `instanceof Request` holds,
 * and anything else is delegated to a real `Request` built on first use.
 *
 * Building undici's `Request` with a body and reading it costs tens of microseconds a call on
 * Node 20; most handlers only read headers and JSON, so they should not pay it.
 */
export class LightRequest {
  private readonly init: RequestInit;
  private headersObject: Headers | undefined;
  private used = false;
  private [REAL]: Request | undefined;

  constructor(init: RequestInit) {
    this.init = init;
  }

  get method(): string {
    return this.init.method;
  }

  get url(): string {
    return this.init.url;
  }

  get headers(): Headers {
    if (this[REAL]) return this[REAL].headers;
    if (!this.headersObject) this.headersObject = toHeaders(this.init.headers);
    return this.headersObject;
  }

  get signal(): AbortSignal {
    return this.init.signal ?? this.real().signal;
  }

  get bodyUsed(): boolean {
    return this[REAL] ? this[REAL].bodyUsed : this.used;
  }

  /** One header as the adapter received it (first value when repeated), without building `Headers`. */
  header(name: string): string | undefined {
    if (this[REAL] || this.headersObject) return this.headers.get(name) ?? undefined;
    return headerOf(this.init.headers, name.toLowerCase());
  }

  /** The body exactly as the adapter holds it, without a copy; undefined when there is none. */
  get rawBody(): Uint8Array | string | undefined {
    return this.init.body;
  }

  async text(): Promise<string> {
    if (this[REAL]) return this[REAL].text();
    this.consume();
    const body = this.init.body;
    if (body === undefined) return '';
    return typeof body === 'string' ? body : decoder.decode(body);
  }

  async json(): Promise<any> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this[REAL]) return this[REAL].arrayBuffer();
    this.consume();
    const bytes = this.bytesOf();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    if (this[REAL]) return new Uint8Array(await this[REAL].arrayBuffer());
    this.consume();
    return new Uint8Array(this.bytesOf());
  }

  /** The real `Request`, built once. Everything not served above goes through it. */
  real(): Request {
    if (!this[REAL]) {
      const { method, url, body, signal } = this.init;
      const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
      this[REAL] = new Request(url, {
        method,
        headers: this.headers,
        body: hasBody && !this.used ? (body as BodyInit) : undefined,
        signal,
        // Node's Request needs this for a body it may stream; harmless otherwise.
        ...(hasBody ? { duplex: 'half' } : {}),
      } as globalThis.RequestInit);
    }
    return this[REAL];
  }

  private bytesOf(): Uint8Array {
    const body = this.init.body;
    if (body === undefined) return new Uint8Array(0);
    return typeof body === 'string' ? encoder.encode(body) : body;
  }

  private consume(): void {
    if (this.used) throw new TypeError('Body is unusable: body has already been read');
    this.used = true;
  }
}

// `instanceof Request` holds, and every other member of Request goes through a real one, from
// the moment anything reads the `Request` global (which is when anyone could ask).
delegateMembers(
  LightRequest,
  {
    methods: ['clone', 'blob', 'formData'],
    getters: [
      'body',
      'cache',
      'credentials',
      'destination',
      'integrity',
      'keepalive',
      'mode',
      'redirect',
      'referrer',
      'referrerPolicy',
      'duplex',
    ],
  },
  'real',
);
whenWebGlobal<typeof Request>('Request', (real) => linkPrototype(LightRequest, real, 'real'));

/** Builds a `Request` for a handler from what an adapter received. */
export function createRequest(init: RequestInit): Request {
  return new LightRequest(init) as unknown as Request;
}

/** Converts raw headers to a Web `Headers`, keeping every value of a repeated header. */
export function toHeaders(raw: RawHeaders): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value === 'string') safeAppend(headers, name, value);
    else for (const v of value) safeAppend(headers, name, v);
  }
  return headers;
}

// A header the platform passed but the Fetch spec forbids (bad characters) is dropped, not fatal.
function safeAppend(headers: Headers, name: string, value: string): void {
  try {
    headers.append(name, value);
  } catch {
    /* ignored: invalid header name or value */
  }
}

/** Reads one header from raw headers (lowercase name), first value when repeated. */
export function headerOf(raw: RawHeaders, name: string): string | undefined {
  const v = raw[name];
  return v === undefined || typeof v === 'string' ? v : v[0];
}
