import type { HarnessLogLine } from '../harness';

/** What the suite puts where a value is an id that differs on every run. */
export const AN_ID = '<id>';

/** The media type of a `Content-Type`, lowercase, without parameters (`application/json`). */
export function mediaType(contentType: string | null): string | null {
  if (contentType === null) return null;
  return contentType.split(';')[0].trim().toLowerCase();
}

/** The value of a `charset` parameter of a `Content-Type`, lowercase, or null. */
export function charsetOf(contentType: string | null): string | null {
  const m = /;\s*charset="?([^";]+)"?/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : null;
}

/**
 * A `Set-Cookie` line in a canonical form: the name and value as sent, then each attribute
 * with its name in lowercase (RFC 6265 matches attribute names case-insensitively), `SameSite`
 * values in lowercase, `Expires` as an HTTP date, sorted. Two lines with the same meaning give
 * the same string.
 */
export function canonicalCookie(line: string): string {
  const [pair, ...attributes] = line.split(';');
  const canonical = attributes
    .map((attribute) => {
      const at = attribute.indexOf('=');
      const name = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
      let value = at < 0 ? undefined : attribute.slice(at + 1).trim();
      if (value !== undefined && name === 'samesite') value = value.toLowerCase();
      if (value !== undefined && name === 'expires') {
        const when = Date.parse(value);
        if (!Number.isNaN(when)) value = new Date(when).toUTCString();
      }
      return value === undefined ? name : `${name}=${value}`;
    })
    .filter((attribute) => attribute !== '')
    .sort();
  return [pair.trim(), ...canonical].join('; ');
}

/**
 * A JSON error body with its `invocationId` replaced by {@link AN_ID} when it is a non-empty
 * string, so that bodies from different invocations compare equal.
 */
export function withoutIds(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const record = body as Record<string, unknown>;
  if (!('invocationId' in record)) return body;
  const id = record.invocationId;
  return { ...record, invocationId: typeof id === 'string' && id.length > 0 ? AN_ID : id };
}

/** Parses a body as JSON, or gives the text back when it is not JSON. */
export function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A response as the error scenarios compare it: status, media type and the body without ids. */
export async function errorResponse(
  res: Response,
): Promise<{ status: number; type: string | null; body: unknown }> {
  return {
    status: res.status,
    type: mediaType(res.headers.get('content-type')),
    body: withoutIds(jsonOrText(await res.text())),
  };
}

/** True when a text shows a stack frame (`at fn (file:1:2)`) or an error's own message. */
export function leaksDetail(text: string, secret: string): boolean {
  return text.includes(secret) || /\bat .+:\d+:\d+/.test(text) || /[A-Za-z]*Error: /.test(text);
}

/** The log lines with this message. */
export function linesWith(lines: readonly HarnessLogLine[], message: string): HarnessLogLine[] {
  return lines.filter((line) => line.message === message);
}
