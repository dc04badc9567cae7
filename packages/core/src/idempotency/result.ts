import { isTextContentType, LightResponse, toHttpOutput } from '../function/response';
import type { StoredResult } from './record';

/** How one kind of handler's results are stored and replayed. */
export interface ResultCodec<R> {
  /** Turns a result into what the store keeps. May consume it (a `Response` body). */
  encode(result: R): Promise<StoredResult>;
  /** A result for the caller made from what the store keeps: a fresh object each time. */
  decode(stored: StoredResult): R;
  /** False for results that must not be replayed (a 5xx: the next attempt should run again). */
  cacheable(stored: StoredResult): boolean;
}

/** Queue, schedule and plain-call results: JSON values. */
export const valueCodec: ResultCodec<unknown> = {
  async encode(result) {
    return result === undefined ? { type: 'none' } : { type: 'json', value: result };
  },
  decode(stored) {
    return stored.type === 'json' ? stored.value : undefined;
  },
  cacheable: () => true,
};

/** Statuses whose responses must have no body (the Fetch spec rejects one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * HTTP results: a `Response` is stored as status, headers and base64 body and replayed as a new
 * `Response`; bytes as base64; anything else (a plain object, a string) as JSON, which the HTTP
 * pipeline turns into the same response it would have made the first time.
 */
export const httpCodec: ResultCodec<unknown> = {
  async encode(result) {
    if (result instanceof Response) {
      const output = await toHttpOutput(result);
      const body =
        typeof output.body === 'string' ? Buffer.from(output.body, 'utf8') : Buffer.from(output.body);
      return {
        type: 'response',
        status: output.status,
        headers: output.headers,
        cookies: output.cookies,
        body: body.toString('base64'),
      };
    }
    if (result instanceof Uint8Array) return { type: 'bytes', body: Buffer.from(result).toString('base64') };
    return valueCodec.encode(result);
  },
  decode(stored) {
    if (stored.type === 'bytes') return new Uint8Array(Buffer.from(stored.body, 'base64'));
    if (stored.type !== 'response') return valueCodec.decode(stored);
    const bytes = Buffer.from(stored.body, 'base64');
    const body = NULL_BODY_STATUSES.has(stored.status)
      ? null
      : isTextContentType(stored.headers['content-type'])
        ? bytes.toString('utf8')
        : new Uint8Array(bytes);
    const headers: [string, string][] = Object.entries(stored.headers);
    for (const cookie of stored.cookies) headers.push(['set-cookie', cookie]);
    return new LightResponse(body, { status: stored.status, headers }) as unknown as Response;
  },
  cacheable(stored) {
    return stored.type !== 'response' || stored.status < 500;
  },
};
