import type { PutOptions, PutResult, StateStore, StoredRecord } from './types';
import { decodeValue, encodeValue } from './codec';
import { expiresAtFor } from './ttl';

/** Options of an {@link InMemoryStateStore}. */
export interface InMemoryStateStoreOptions {
  /** Epoch milliseconds now; inject a fake clock in tests to expire records without waiting. */
  clock?: () => number;
}

interface Entry {
  /** The value as JSON, so nobody holds a reference into the store. */
  json: string;
  version: string;
  expiresAt: number | undefined;
}

/** Expired entries are removed on access; a sweep every this many writes bounds the rest. */
const SWEEP_EVERY_WRITES = 1024;

/**
 * A {@link StateStore} in this instance's memory: the default, and what unit tests use. It shares
 * nothing across function instances, so a circuit breaker or idempotency record kept here
 * protects one instance only; use Redis, DynamoDB or Azure Tables to share them.
 *
 * Values are stored as JSON, exactly as the shared stores keep them: what you read back is a
 * fresh copy, and a value that does not survive `JSON.stringify` does not survive the store.
 *
 * @example
 * ```ts
 * import { InMemoryStateStore } from '@faasade/core/state';
 *
 * const store = new InMemoryStateStore();
 * const created = await store.put('breaker:payments', { state: 'CLOSED' }, { ifVersion: null });
 * if (created.ok) {
 *   const moved = await store.put('breaker:payments', { state: 'OPEN' }, { ifVersion: created.version });
 *   console.log(moved.ok); // true
 * }
 * console.log((await store.get('breaker:payments'))?.value); // { state: 'OPEN' }
 * ```
 */
export class InMemoryStateStore implements StateStore {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: () => number;
  /** One counter for the whole store, so a re-created key never reuses a version (no ABA). */
  private nextVersion = 1;
  private writesSinceSweep = 0;

  constructor(options: InMemoryStateStoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  async get<T = unknown>(key: string): Promise<StoredRecord<T> | undefined> {
    const entry = this.live(key);
    return entry === undefined ? undefined : toRecord<T>(entry);
  }

  async put<T = unknown>(key: string, value: T, options: PutOptions = {}): Promise<PutResult<T>> {
    const json = encodeValue(key, value);
    const expiresAt = expiresAtFor(options.ttlMs, this.clock);
    const current = this.live(key);
    if (!matches(current, options.ifVersion)) {
      return { ok: false, current: current === undefined ? undefined : toRecord<T>(current) };
    }
    const version = String(this.nextVersion++);
    this.entries.set(key, { json, version, expiresAt });
    this.sweepNowAndThen();
    return { ok: true, version };
  }

  async delete(key: string, options: { ifVersion?: string } = {}): Promise<boolean> {
    const current = this.live(key);
    if (current === undefined) return false;
    if (options.ifVersion !== undefined && current.version !== options.ifVersion) return false;
    this.entries.delete(key);
    return true;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  /** The entry under `key` unless it has expired (an expired one is dropped). */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (isExpired(entry, this.clock())) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweepNowAndThen(): void {
    if (++this.writesSinceSweep < SWEEP_EVERY_WRITES) return;
    this.writesSinceSweep = 0;
    const now = this.clock();
    for (const [key, entry] of this.entries) {
      if (isExpired(entry, now)) this.entries.delete(key);
    }
  }
}

function isExpired(entry: Entry, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}

function matches(current: Entry | undefined, ifVersion: string | null | undefined): boolean {
  if (ifVersion === undefined) return true;
  if (ifVersion === null) return current === undefined;
  return current !== undefined && current.version === ifVersion;
}

function toRecord<T>(entry: Entry): StoredRecord<T> {
  const record: StoredRecord<T> = { value: decodeValue<T>(entry.json), version: entry.version };
  if (entry.expiresAt !== undefined) record.expiresAt = entry.expiresAt;
  return record;
}
