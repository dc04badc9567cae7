/** A value in a {@link StateStore} with the version its last write gave it. */
export interface StoredRecord<T = unknown> {
  value: T;
  /** Opaque version (a counter, an ETag); changes on every write. */
  version: string;
  /** Epoch milliseconds after which the record no longer exists, if it has a TTL. */
  expiresAt?: number;
}

/** The condition of a {@link StateStore.put}. */
export interface PutOptions {
  /**
   * `null`: write only if the key does not exist (or has expired).
   * a version string: write only if the stored version is still this one.
   * `undefined`: write unconditionally.
   */
  ifVersion?: string | null;
  /** Time to live in milliseconds. */
  ttlMs?: number;
}

/** The result of a conditional write. */
export type PutResult<T = unknown> =
  | { ok: true; version: string }
  | { ok: false; current: StoredRecord<T> | undefined };

/**
 * The port through which circuit breakers and idempotency share state across function
 * instances. Every write is conditional on a version (optimistic concurrency), so two instances
 * can never silently overwrite each other. Values are JSON-serialisable.
 */
export interface StateStore {
  get<T = unknown>(key: string): Promise<StoredRecord<T> | undefined>;
  put<T = unknown>(key: string, value: T, options?: PutOptions): Promise<PutResult<T>>;
  /** Deletes the key, only if its version matches when `ifVersion` is given. True when deleted. */
  delete(key: string, options?: { ifVersion?: string }): Promise<boolean>;
  /** Releases connections the store opened itself. */
  close?(): Promise<void>;
}
