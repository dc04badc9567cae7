import { delegateMembers, isWebObject, linkPrototype, whenWebGlobal } from './web-globals';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const REAL = Symbol('real');

/** What an adapter hands back to its platform for an HTTP invocation. */
export interface HttpOutput {
  status: number;
  /** Response headers, lowercase names, without `set-cookie`. */
  headers: Record<string, string>;
  /** Each `Set-Cookie` value. */
  cookies: string[];
  /** Text for textual content types, bytes otherwise (adapters base64 them where the platform wants). */
  body: string | Uint8Array;
}

type LightBody = string | Uint8Array | null;

/**
 * A Web-standard `Response` that keeps its body and headers as plain values, so the pipeline can
 * hand them to the platform without a stream. Create it with {@link json}, {@link text} or
 * {@link binary}; `instanceof Response` holds and every other member works through a real
 * `Response` built on first use.
 */
export class LightResponse {
  readonly status: number;
  readonly statusText: string;
  private readonly lightBody: LightBody;
  private readonly headerInit: Record<string, string>;
  private readonly cookieInit: string[];
  private headersObject: Headers | undefined;
  private [REAL]: Response | undefined;

  constructor(body: LightBody, init?: { status?: number; statusText?: string; headers?: HeadersInit }) {
    this.lightBody = body;
    this.status = init?.status ?? 200;
    this.statusText = init?.statusText ?? '';
    const { headers, cookies } = plainHeaders(init?.headers);
    this.headerInit = headers;
    this.cookieInit = cookies;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get headers(): Headers {
    if (!this.headersObject) {
      const h = new Headers(this.headerInit);
      for (const c of this.cookieInit) h.append('set-cookie', c);
      this.headersObject = h;
    }
    return this.headersObject;
  }

  async text(): Promise<string> {
    const b = this.lightBody;
    return b === null ? '' : typeof b === 'string' ? b : decoder.decode(b);
  }

  async json(): Promise<any> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.bytes();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  /** The pipeline's fast path: the response as the platform needs it, with no stream. */
  toOutput(): HttpOutput {
    // Headers may have been changed through the `headers` object after construction.
    if (this.headersObject)
      return { status: this.status, ...fromHeaders(this.headersObject), body: this.bodyOut() };
    return {
      status: this.status,
      headers: { ...this.headerInit },
      cookies: [...this.cookieInit],
      body: this.bodyOut(),
    };
  }

  real(): Response {
    if (!this[REAL]) {
      this[REAL] = new Response(this.lightBody as BodyInit | null, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
    }
    return this[REAL];
  }

  private bytes(): Uint8Array {
    const b = this.lightBody;
    return b === null ? new Uint8Array(0) : typeof b === 'string' ? encoder.encode(b) : b;
  }

  private bodyOut(): string | Uint8Array {
    return this.lightBody ?? '';
  }
}

delegateMembers(
  LightResponse,
  {
    methods: ['clone', 'blob', 'formData', 'bytes'],
    getters: ['body', 'bodyUsed', 'type', 'url', 'redirected'],
  },
  'real',
);
whenWebGlobal<typeof Response>('Response', (real) => linkPrototype(LightResponse, real, 'real'));

type Init = { status?: number; headers?: HeadersInit };

/**
 * A JSON response (`content-type: application/json`), the fast equivalent of `Response.json()`.
 *
 * @example
 * ```ts
 * import { http, json } from '@faasade/core';
 * export const create = http({ method: 'POST', route: '/orders' }, async () => json({ id: 'o-1' }, { status: 201 }));
 * ```
 */
export function json(data: unknown, init?: Init): Response {
  return withType(JSON.stringify(data) ?? 'null', 'application/json', init);
}

/** A text response (`text/plain; charset=utf-8` unless the headers say otherwise). */
export function text(body: string, init?: Init): Response {
  return withType(body, 'text/plain; charset=utf-8', init);
}

/** A binary response (`application/octet-stream` unless the headers say otherwise). */
export function binary(body: Uint8Array, init?: Init): Response {
  return withType(body, 'application/octet-stream', init);
}

function withType(body: LightBody, type: string, init?: Init): Response {
  const headers = init?.headers;
  const { headers: plain, cookies } = plainHeaders(headers);
  if (!('content-type' in plain)) plain['content-type'] = type;
  const pairs: [string, string][] = Object.entries(plain);
  for (const c of cookies) pairs.push(['set-cookie', c]);
  return new LightResponse(body, { status: init?.status, headers: pairs }) as unknown as Response;
}

function plainHeaders(init: HeadersInit | undefined): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  if (!init) return { headers, cookies };
  const add = (name: string, value: string) => {
    const n = name.toLowerCase();
    if (n === 'set-cookie') cookies.push(value);
    else headers[n] = n in headers ? `${headers[n]}, ${value}` : value;
  };
  if (isWebObject(init, 'Headers')) return fromHeaders(init as Headers);
  if (Array.isArray(init)) for (const [k, v] of init) add(k, v);
  else for (const k of Object.keys(init)) add(k, (init as Record<string, string>)[k]);
  return { headers, cookies };
}

function fromHeaders(h: Headers): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  h.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  return { headers, cookies: h.getSetCookie() };
}

const TEXTUAL =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql|ld\+json|problem\+json)|[^;]*\+(json|xml)|image\/svg\+xml)/i;

/** True when a content type is text that platforms carry as a string rather than base64. */
export function isTextContentType(contentType: string | undefined): boolean {
  return contentType === undefined || contentType === '' || TEXTUAL.test(contentType);
}

/**
 * Converts whatever a handler returned into an {@link HttpOutput}. A real `Response` is read
 * (its body drained); a plain value becomes JSON; undefined becomes 204.
 */
export async function toHttpOutput(result: unknown): Promise<HttpOutput> {
  const sync = httpOutputOf(result);
  if (sync) return sync;
  const res = result as Response;
  const { headers, cookies } = fromHeaders(res.headers);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const body = isTextContentType(headers['content-type']) ? decoder.decode(bytes) : bytes;
  return { status: res.status, headers, cookies, body };
}

/** {@link toHttpOutput} without a promise, for everything but a real `Response` (undefined then). */
export function httpOutputOf(result: unknown): HttpOutput | undefined {
  if (result instanceof LightResponse) return result.toOutput();
  if (isWebObject(result, 'Response')) return undefined;
  if (result === undefined || result === null) return { status: 204, headers: {}, cookies: [], body: '' };
  if (typeof result === 'string') {
    return {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      cookies: [],
      body: result,
    };
  }
  if (result instanceof Uint8Array) {
    return {
      status: 200,
      headers: { 'content-type': 'application/octet-stream' },
      cookies: [],
      body: result,
    };
  }
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: JSON.stringify(result) ?? 'null',
  };
}

/** The body of an {@link HttpOutput} as bytes, for platforms that want a Buffer. */
export function outputBytes(output: HttpOutput): Uint8Array {
  return typeof output.body === 'string' ? encoder.encode(output.body) : output.body;
}
