/**
 * Which field names hold secrets. Names are compared after folding case and dropping `_`, `-`,
 * `.` and spaces, so `apiKey`, `api_key`, `API-KEY` and `x-api-key` are one name.
 */

/** A name containing any of these is a secret (`dbPassword`, `refresh_token`, `AWS_SECRET_ACCESS_KEY`). */
export const SECRET_NAME_PARTS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'clientsecret',
  'credential',
  'authorization',
  'cookie',
  'cardnumber',
  'creditcard',
];

/** Names that are secrets only when they are the whole name (`pwd`, but not `pwdChangedAt`). */
export const SECRET_NAMES: readonly string[] = ['pwd', 'cvv', 'cvc'];

/**
 * Header names whose value follows them in a flat `[name, value, name, value]` list, the shape of
 * Node's `rawHeaders`. Only headers, because the rule also hides the next element of an array.
 */
const SECRET_HEADER_NAMES: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
]);

/** Folds a name to the form the lists above use. */
export function foldName(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]+/g, '');
}

/** True when a field with this name must not show its value, given extra names a user added. */
export function isSecretName(name: string, extraParts: readonly string[]): boolean {
  const folded = foldName(name);
  if (folded.length === 0) return false;
  if (SECRET_NAMES.includes(folded)) return true;
  for (const part of SECRET_NAME_PARTS) if (folded.includes(part)) return true;
  for (const part of extraParts) if (folded.includes(part)) return true;
  return false;
}

/** True when the next element of a flat header list is this header's (secret) value. */
export function isSecretHeaderName(name: string): boolean {
  // Length first: this runs on every string element of every array.
  return name.length >= 6 && name.length <= 19 && SECRET_HEADER_NAMES.has(name.toLowerCase());
}
