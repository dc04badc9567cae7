import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { decodeValue } from '../codec';
import type { StoredRecord } from '../types';

/**
 * The attributes of a state item. `ttl` (epoch seconds) is for DynamoDB's own TTL, which
 * deletes an item up to a few days late; `expiresAt` (epoch ms) is what reads and conditions
 * check, so an expired item is absent at once.
 */
export const ATTRIBUTE = {
  key: 'pk',
  value: 'value',
  version: 'version',
  expiresAt: 'expiresAt',
  ttl: 'ttl',
} as const;

/** Every attribute goes through a placeholder: `value` and `ttl` are DynamoDB reserved words. */
export const ATTRIBUTE_NAMES = {
  '#pk': ATTRIBUTE.key,
  '#value': ATTRIBUTE.value,
  '#version': ATTRIBUTE.version,
  '#expiresAt': ATTRIBUTE.expiresAt,
} as const;

/** The item stored for one write. */
export function toItem(
  key: string,
  json: string,
  version: string,
  expiresAt: number | undefined,
): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    [ATTRIBUTE.key]: { S: key },
    [ATTRIBUTE.value]: { S: json },
    [ATTRIBUTE.version]: { S: version },
  };
  if (expiresAt !== undefined) {
    item[ATTRIBUTE.expiresAt] = { N: String(expiresAt) };
    item[ATTRIBUTE.ttl] = { N: String(Math.ceil(expiresAt / 1000)) };
  }
  return item;
}

/** The record an item holds, or `undefined` when there is none or it has expired by `now`. */
export function fromItem<T>(
  item: Record<string, AttributeValue> | undefined,
  now: number,
): StoredRecord<T> | undefined {
  if (item === undefined) return undefined;
  const json = item[ATTRIBUTE.value]?.S;
  const version = item[ATTRIBUTE.version]?.S;
  if (json === undefined || version === undefined) return undefined;
  const expiresAtText = item[ATTRIBUTE.expiresAt]?.N;
  const expiresAt = expiresAtText === undefined ? undefined : Number(expiresAtText);
  if (expiresAt !== undefined && expiresAt <= now) return undefined;
  const record: StoredRecord<T> = { value: decodeValue<T>(json), version };
  if (expiresAt !== undefined) record.expiresAt = expiresAt;
  return record;
}
