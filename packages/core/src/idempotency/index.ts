export { type IdempotentCallOptions, runIdempotent } from './call';
export {
  IdempotencyInProgressError,
  IdempotencyKeyMissingError,
  IdempotencyPayloadMismatchError,
} from './errors';
export { canonicalJson } from './fingerprint';
export { type IdempotencyOptions, idempotent } from './idempotent';
export { IDEMPOTENCY_KEY_HEADER } from './input';
export type { IdempotencyRecord, StoredResult } from './record';
