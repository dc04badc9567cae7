import { isNativeError } from 'node:util/types';
import { isSecretHeaderName } from '../redaction/names';
import { type PathNode, stepPath } from '../redaction/paths';
import type { Redactor } from '../redaction/redactor';
import { writeError } from './error';

/**
 * Serialises log fields to JSON text and redacts on the way, in one walk, without copying or
 * touching the caller's objects. Unlike `JSON.stringify` it never throws: a cycle becomes
 * `"[Circular]"`, a throwing getter or `toJSON` becomes `"[Unserializable]"`, and anything
 * nested deeper than {@link MAX_DEPTH} becomes `"[Truncated]"`.
 */

/** Objects nested deeper than this (including `cause` chains) are cut off. */
export const MAX_DEPTH = 16;

/** The objects being written, outermost first: an object found among them is a cycle. */
export type Ancestors = object[];

const hasOwn = Object.prototype.hasOwnProperty;

/** A value as JSON, or `undefined` when JSON would omit it (undefined, functions, symbols). */
export function writeValue(
  value: unknown,
  r: Redactor,
  node: PathNode | undefined,
  ancestors: Ancestors,
): string | undefined {
  switch (typeof value) {
    case 'string':
      return r.string(value);
    case 'number':
      return Number.isFinite(value) ? `${value}` : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return r.string(value.toString());
    case 'object':
      return value === null ? 'null' : writeObject(value, r, node, ancestors);
    default:
      return undefined;
  }
}

/** `"key":value`, or `undefined` when the member is omitted. Applies name and path redaction. */
export function writeMember(
  key: string,
  value: unknown,
  r: Redactor,
  node: PathNode | undefined,
  ancestors: Ancestors,
): string | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  const info = r.key(key);
  // A flag or a null says nothing secret, and showing it helps (`hasToken: false`).
  if (info.secret && value !== null && typeof value !== 'boolean') return info.prefix + r.censorJson;
  let child: PathNode | undefined;
  if (node !== undefined) {
    child = stepPath(node, key);
    if (child?.terminal) return info.prefix + r.censorJson;
  }
  const json = writeValue(value, r, child, ancestors);
  return json === undefined ? undefined : info.prefix + json;
}

function writeObject(value: object, r: Redactor, node: PathNode | undefined, ancestors: Ancestors): string {
  if (ancestors.includes(value)) return '"[Circular]"';
  if (ancestors.length >= MAX_DEPTH) return '"[Truncated]"';
  ancestors.push(value);
  try {
    if (Array.isArray(value)) return writeArray(value, r, node, ancestors);
    const proto = Object.getPrototypeOf(value);
    if (
      (proto === Object.prototype || proto === null) &&
      typeof (value as { toJSON?: unknown }).toJSON !== 'function'
    ) {
      return `{${writeMembers(value, r, node, ancestors)}}`;
    }
    return writeSpecial(value, r, node, ancestors);
  } catch {
    return '"[Unserializable]"';
  } finally {
    ancestors.pop();
  }
}

/** The members of a plain object, without braces. */
export function writeMembers(
  value: object,
  r: Redactor,
  node: PathNode | undefined,
  ancestors: Ancestors,
): string {
  let out = '';
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    const member = writeMember(key, (value as Record<string, unknown>)[key], r, node, ancestors);
    if (member !== undefined) out = out === '' ? member : `${out},${member}`;
  }
  return out;
}

function writeArray(
  value: readonly unknown[],
  r: Redactor,
  node: PathNode | undefined,
  ancestors: Ancestors,
): string {
  let out = '[';
  let hideNext = false;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    let json: string | undefined;
    const child =
      node === undefined ? undefined : node.children === undefined ? node.wildcard : stepPath(node, `${i}`);
    if (child?.terminal || (hideNext && typeof item === 'string')) json = r.censorJson;
    else json = writeValue(item, r, child, ancestors);
    // Node's rawHeaders: ['Authorization', 'Bearer ...', ...] carries the secret in the next element.
    hideNext = r.enabled && typeof item === 'string' && isSecretHeaderName(item);
    out += i === 0 ? (json ?? 'null') : `,${json ?? 'null'}`;
  }
  return `${out}]`;
}

/** Errors, buffers, dates and other `toJSON` carriers, maps, sets, headers and class instances. */
function writeSpecial(value: object, r: Redactor, node: PathNode | undefined, ancestors: Ancestors): string {
  if (value instanceof Error || isNativeError(value)) return writeError(value as Error, r, node, ancestors);
  // Bytes may be anything, secrets included, and are unreadable in a log: only their size is shown.
  if (ArrayBuffer.isView(value)) return `"[${value.constructor.name} ${value.byteLength} bytes]"`;
  if (value instanceof ArrayBuffer) return `"[ArrayBuffer ${value.byteLength} bytes]"`;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const replaced: unknown = toJSON.call(value, '');
    if (replaced === value) return `{${writeMembers(value, r, node, ancestors)}}`;
    return writeValue(replaced, r, node, ancestors) ?? 'null';
  }
  if (value instanceof Map) return `{${writeEntries(value, r, node, ancestors)}}`;
  if (value instanceof Set) return writeArray(Array.from(value), r, node, ancestors);
  if (typeof Headers !== 'undefined' && value instanceof Headers) {
    return `{${writeEntries(value.entries(), r, node, ancestors)}}`;
  }
  return `{${writeMembers(value, r, node, ancestors)}}`;
}

function writeEntries(
  entries: Iterable<[unknown, unknown]>,
  r: Redactor,
  node: PathNode | undefined,
  ancestors: Ancestors,
): string {
  let out = '';
  for (const [key, item] of entries) {
    const name = typeof key === 'object' && key !== null ? '[object]' : String(key);
    const member = writeMember(name, item, r, node, ancestors);
    if (member !== undefined) out = out === '' ? member : `${out},${member}`;
  }
  return out;
}
