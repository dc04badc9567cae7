import { createHash } from 'node:crypto';
import type { Edm, TableEntity, TableEntityResult } from '@azure/data-tables';
import { decodeValue } from '../codec';
import { StateValueTooLargeError } from '../errors';
import type { StoredRecord } from '../types';

/** The properties of a state entity: the value's JSON in `value0..valueN`, and its expiry. */
export interface StateProperties {
  /** How many `value<i>` properties hold the JSON. */
  chunks: number;
  /**
   * Epoch milliseconds after which the record is absent, when it has a TTL. Written as Int64
   * (a plain number would be typed Int32 or Double by the service); read back as a bigint.
   */
  expiresAt?: Edm<'Int64'> | bigint | number;
  [chunk: `value${number}`]: string;
}

export type StateEntity = TableEntityResult<StateProperties>;

/** One key, one partition: records never contend for a partition, and the row key is empty. */
export const ROW_KEY = '';

/**
 * A string property holds at most 64 KiB of UTF-16, so the JSON is split into properties of
 * 32,000 characters; an entity holds at most 1 MiB, which leaves room for 15 of them.
 */
const CHUNK_CHARS = 32_000;
const MAX_CHUNKS = 15;

/** A partition key holds at most 1 KiB; keys longer than this are hashed (SHA-256) instead. */
const MAX_ENCODED_KEY_CHARS = 400;

/**
 * The partition key for a state key. Azure forbids `/ \ # ?` and control characters in keys, so
 * the key is percent-encoded. A long key becomes `%sha256:<hex>`: encodeURIComponent never
 * writes `%s`, so this can not collide with an encoded key.
 */
export function partitionKeyFor(key: string): string {
  const encoded = encodeURIComponent(key);
  if (encoded.length <= MAX_ENCODED_KEY_CHARS) return encoded;
  return `%sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** The entity that stores `json` under `key`. */
export function toEntity(
  key: string,
  json: string,
  expiresAt: number | undefined,
): TableEntity<StateProperties> {
  const chunks = split(json);
  if (chunks.length > MAX_CHUNKS) {
    throw new StateValueTooLargeError(
      'AzureTableStateStore',
      key,
      json.length * 2,
      MAX_CHUNKS * CHUNK_CHARS * 2,
    );
  }
  const entity: TableEntity<StateProperties> = {
    partitionKey: partitionKeyFor(key),
    rowKey: ROW_KEY,
    chunks: chunks.length,
  };
  chunks.forEach((chunk, i) => {
    entity[`value${i}`] = chunk;
  });
  if (expiresAt !== undefined) entity.expiresAt = { value: String(expiresAt), type: 'Int64' };
  return entity;
}

/** True when the entity has expired by `now` (Table storage has no TTL of its own). */
export function isExpired(entity: StateEntity, now: number): boolean {
  const expiresAt = expiresAtOf(entity);
  return expiresAt !== undefined && expiresAt <= now;
}

/** The OData filter of entities expired by `now`, for a clean-up query. */
export function expiredBy(now: number): string {
  return `expiresAt le ${Math.floor(now)}L`;
}

function expiresAtOf(entity: StateEntity): number | undefined {
  const { expiresAt } = entity;
  if (expiresAt === undefined) return undefined;
  return Number(typeof expiresAt === 'object' ? expiresAt.value : expiresAt);
}

/** The record an entity holds; its version is the entity's ETag. */
export function toRecord<T>(entity: StateEntity): StoredRecord<T> {
  let json = '';
  for (let i = 0; i < entity.chunks; i++) json += entity[`value${i}`];
  const record: StoredRecord<T> = { value: decodeValue<T>(json), version: entity.etag };
  const expiresAt = expiresAtOf(entity);
  if (expiresAt !== undefined) record.expiresAt = expiresAt;
  return record;
}

/** Splits into chunks, never between the two halves of a surrogate pair (an emoji, say). */
function split(text: string): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CHUNK_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks.length === 0 ? [''] : chunks;
}
