import { isNativeError } from 'node:util/types';
import type { Redactor } from './redaction/redactor';
import { writeMember } from './serialize/json';

/** Fields attached to a line: any JSON-able values, errors included. */
export type LogFields = Record<string, unknown>;

/** One field already serialised: `"key":value`. */
export interface FieldEntry {
  readonly key: string;
  readonly json: string;
}

/**
 * The line's own keys. A field with one of these names is written with a leading `_` instead
 * (`_level`), so a user's `level: 'gold'` survives without producing a duplicate key.
 */
export const RESERVED_KEYS: readonly string[] = ['level', 'time', 'message'];

/**
 * An ordered set of serialised fields (persistent keys, child bindings, invocation keys). Built
 * once when keys are added, so that a line only concatenates the precomputed `json`, as pino does
 * with its bindings. Immutable: adding keys makes a new set, which callers use as a cache key.
 */
export class FieldSet {
  static readonly empty = new FieldSet([]);

  readonly entries: readonly FieldEntry[];
  /** The entries joined: `"a":1,"b":2` (empty when there are none). */
  readonly json: string;
  /** Keys a later field may not reuse without a merge: these entries' keys and the reserved ones. */
  readonly taken: ReadonlySet<string>;

  private constructor(entries: readonly FieldEntry[]) {
    this.entries = entries;
    const taken = new Set(RESERVED_KEYS);
    let json = '';
    for (const entry of entries) {
      json = json === '' ? entry.json : `${json},${entry.json}`;
      taken.add(entry.key);
    }
    this.json = json;
    this.taken = taken;
  }

  /** Serialises `values` (with `r`'s redaction) into entries, in their order. */
  static of(values: object, r: Redactor): FieldEntry[] {
    const entries: FieldEntry[] = [];
    // The record itself is an ancestor, so `fields.self = fields` is written as a cycle.
    const ancestors = [values];
    for (const key of Object.keys(values)) {
      const name = RESERVED_KEYS.includes(key) ? `_${key}` : key;
      let json: string | undefined;
      try {
        json = writeMember(name, (values as Record<string, unknown>)[key], r, r.paths, ancestors);
      } catch {
        json = `${r.key(name).prefix}"[Unserializable]"`;
      }
      if (json !== undefined) entries.push({ key: name, json });
      // An undefined value still takes part, so that `{ key: undefined }` removes an earlier key.
      else entries.push({ key: name, json: '' });
    }
    return entries;
  }

  /** These fields followed by `values`; a later key replaces an earlier one in its place. */
  with(values: object, r: Redactor): FieldSet {
    return FieldSet.merge([this.entries, FieldSet.of(values, r)]);
  }

  /** These fields without the given keys. */
  without(keys: readonly string[]): FieldSet {
    const drop = new Set(keys.flatMap((key) => [key, `_${key}`]));
    return new FieldSet(this.entries.filter((entry) => !drop.has(entry.key)));
  }

  /**
   * Concatenates groups of entries, later groups winning. A replaced key keeps its first
   * position, so `service` stays near the front even when a logger overrides it.
   */
  static merge(groups: readonly (readonly FieldEntry[])[]): FieldSet {
    const merged: FieldEntry[] = [];
    const index = new Map<string, number>();
    for (const group of groups) {
      for (const entry of group) {
        const at = index.get(entry.key);
        if (at === undefined) {
          index.set(entry.key, merged.length);
          merged.push(entry);
        } else {
          merged[at] = entry;
        }
      }
    }
    return new FieldSet(merged.filter((entry) => entry.json !== ''));
  }
}

/**
 * The call's own fields, serialised against a set of fields already on the line. Returns
 * `undefined` when a key collides with `taken` (or a getter throws), and the caller merges
 * instead: the common case, no collision, costs one set lookup per key.
 */
export function writeCallFields(fields: object, r: Redactor, taken: ReadonlySet<string>): string | undefined {
  const ancestors = [fields];
  let out = '';
  try {
    for (const key in fields) {
      if (!Object.hasOwn(fields, key)) continue;
      if (taken.has(key)) return undefined;
      const member = writeMember(key, (fields as Record<string, unknown>)[key], r, r.paths, ancestors);
      if (member !== undefined) out = out === '' ? member : `${out},${member}`;
    }
  } catch {
    return undefined;
  }
  return out;
}

/** The call's fields as an object: an error goes under `error`, any other non-record under `value`. */
export function asFields(fields: unknown): object {
  if (typeof fields !== 'object' || fields === null) return { value: fields };
  if (fields instanceof Error || isNativeError(fields)) return { error: fields };
  if (Array.isArray(fields) || fields instanceof Map || fields instanceof Set) return { value: fields };
  return fields;
}
