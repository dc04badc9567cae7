import type { Cookie } from '@azure/functions';

/**
 * Parses one `Set-Cookie` value into the v4 model's `Cookie`, the only way the model sends
 * several cookies (its response headers are a map with one value per name, so a second
 * `Set-Cookie` header would replace the first).
 *
 * The host percent-encodes every cookie value it writes, so the value is percent-decoded here:
 * a value that is plain or percent-encoded (what cookie libraries write) reaches the client
 * exactly as the handler set it (surrounding double quotes are removed). Attributes the model has no field for (`Partitioned`,
 * `Priority`) are dropped, and a cookie without a name is skipped: the host cannot send it.
 *
 * @example
 * ```ts
 * import { parseSetCookie } from '@faasade/azure-functions';
 * parseSetCookie('sid=a%20b; Path=/; HttpOnly; SameSite=Lax');
 * // { name: 'sid', value: 'a b', path: '/', httpOnly: true, sameSite: 'Lax' }
 * ```
 */
export function parseSetCookie(header: string): Cookie | undefined {
  const parts = header.split(';');
  const pair = parts[0];
  const eq = pair.indexOf('=');
  const name = eq === -1 ? '' : pair.slice(0, eq).trim();
  if (name === '') return undefined;
  const cookie: Cookie = { name, value: decodeValue(pair.slice(eq + 1).trim()) };
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    const at = part.indexOf('=');
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : part.slice(at + 1).trim();
    switch (key) {
      case 'domain':
        if (value) cookie.domain = value;
        break;
      case 'path':
        if (value) cookie.path = value;
        break;
      case 'expires': {
        const when = Date.parse(value);
        if (!Number.isNaN(when)) cookie.expires = new Date(when);
        break;
      }
      case 'max-age':
        if (/^-?\d+$/.test(value)) cookie.maxAge = Number(value);
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'samesite':
        cookie.sameSite = sameSite(value);
        break;
    }
  }
  return cookie;
}

function sameSite(value: string): Cookie['sameSite'] {
  switch (value.toLowerCase()) {
    case 'strict':
      return 'Strict';
    case 'lax':
      return 'Lax';
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

function decodeValue(value: string): string {
  const unquoted =
    value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  if (!unquoted.includes('%')) return unquoted;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
  }
}
