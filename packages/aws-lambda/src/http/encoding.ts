import { type HttpOutput, isTextContentType } from '@faasade/core';

// Characters that never appear literally in an encoded path or query, and a `%` that starts no
// escape. HTTP APIs hand the path over decoded while REST APIs, Function URLs and ALBs keep it
// encoded: escaping only these makes both valid without double-encoding the encoded ones.
const PATH_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]|%(?![0-9A-Fa-f]{2})/gu;
const QUERY_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]|%(?![0-9A-Fa-f]{2})/gu;

function escapeChar(char: string): string {
  if (char === '%') return '%25';
  try {
    return encodeURIComponent(char);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate: U+FFFD, as the URL parser would write it
  }
}

function escapeUnsafe(pattern: RegExp, text: string): string {
  pattern.lastIndex = 0;
  return pattern.test(text) ? text.replace(pattern, escapeChar) : text;
}

/** A path as the platform gave it, made a valid encoded path (`/` when empty). */
export function encodedPath(path: string | undefined): string {
  if (!path) return '/';
  return escapeUnsafe(PATH_UNSAFE, path.charCodeAt(0) === 47 ? path : `/${path}`);
}

/** A raw query string made valid, without re-encoding what is already encoded. */
export function encodedQuery(query: string | undefined): string {
  return query ? escapeUnsafe(QUERY_UNSAFE, query) : '';
}

/**
 * Rebuilds a raw query string from per-key values. API Gateway hands them over decoded
 * (`encode`); an ALB hands them over exactly as the client sent them.
 */
export function queryFrom(
  params: Readonly<Record<string, string | readonly string[] | undefined>> | null | undefined,
  decoded: boolean,
): string {
  if (!params) return '';
  const pairs: string[] = [];
  for (const key in params) {
    const values = params[key];
    if (values === undefined) continue;
    const k = decoded ? encodeURIComponent(key) : key;
    for (const value of typeof values === 'string' ? [values] : values) {
      pairs.push(`${k}=${decoded ? encodeURIComponent(value) : value}`);
    }
  }
  return decoded ? pairs.join('&') : encodedQuery(pairs.join('&'));
}

/** Headers with lowercase names; a header repeated in any letter case keeps every value. */
export function lowercaseHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>> | null | undefined,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!headers) return out;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const values = typeof value === 'string' ? [value] : value;
    if (values.length === 0) continue;
    const existing = out[key];
    const merged =
      existing === undefined
        ? values
        : [...(typeof existing === 'string' ? [existing] : existing), ...values];
    out[key] = merged.length === 1 ? merged[0] : [...merged];
  }
  return out;
}

/** A request body as the handler should see it: base64 decoded to bytes, text as it is. */
export function requestBody(
  body: string | null | undefined,
  isBase64Encoded: boolean | undefined,
): string | Uint8Array | undefined {
  if (body === null || body === undefined || body === '') return undefined;
  return isBase64Encoded ? Buffer.from(body, 'base64') : body;
}

const decoder = new TextDecoder();

/** A response body for Lambda: text as it is, anything else base64-encoded, by content type. */
export function responseBody(output: HttpOutput): { body: string; isBase64Encoded: boolean } {
  const body = output.body;
  if (isTextContentType(output.headers['content-type'])) {
    return { body: typeof body === 'string' ? body : decoder.decode(body), isBase64Encoded: false };
  }
  const bytes =
    typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return { body: bytes.toString('base64'), isBase64Encoded: true };
}
