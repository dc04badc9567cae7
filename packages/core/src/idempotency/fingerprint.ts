import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so that two payloads that differ only in key
 * order or whitespace are the same payload.
 */
export function canonicalJson(value: unknown): string {
  // A JSON round trip first applies toJSON (dates) and drops what JSON drops (undefined, functions).
  const json = JSON.stringify(value);
  return json === undefined ? 'null' : stringifySorted(JSON.parse(json));
}

/** The SHA-256 (hex) of the canonical JSON of `value`. */
export function fingerprint(value: unknown): string {
  return sha256(canonicalJson(value));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function stringifySorted(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stringifySorted).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stringifySorted((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
