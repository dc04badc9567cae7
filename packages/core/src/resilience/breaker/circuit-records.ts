import type { StateStore } from '../../state/types';
import { CircuitStoreTimeoutError } from '../errors';
import { closedSnapshot } from './transitions';
import type { BreakerStrategy, CircuitSnapshot } from './types';

/** A snapshot and the version the store gave it; `null` when the store holds none. */
export interface Versioned {
  readonly snapshot: CircuitSnapshot;
  readonly version: string | null;
}

/** Where one circuit's snapshot lives in a {@link StateStore}, and how long a store call may take. */
export interface CircuitRecordsOptions {
  store: StateStore;
  storeKey: string;
  strategy: BreakerStrategy;
  storeTimeoutMs: number;
  recordTtlMs: number;
  initialState: CircuitSnapshot | undefined;
}

/**
 * Reads and conditionally writes one circuit's snapshot. A store call that does not answer in
 * `storeTimeoutMs` fails with {@link CircuitStoreTimeoutError}: an instance waiting on a stalled
 * store connection would otherwise stall every call it protects.
 */
export class CircuitRecords {
  constructor(private readonly o: CircuitRecordsOptions) {}

  /** The state a circuit has before anything was written: `initialState`, or closed. */
  initial(): CircuitSnapshot {
    return this.o.initialState ?? closedSnapshot(this.o.strategy, 0);
  }

  async read(): Promise<Versioned> {
    const record = await this.bounded(this.o.store.get<CircuitSnapshot>(this.o.storeKey));
    return record === undefined
      ? { snapshot: this.initial(), version: null }
      : this.versioned(record.value, record.version);
  }

  /** Writes `next` if the stored version is still `version`; otherwise returns what is stored now. */
  async write(
    next: CircuitSnapshot,
    version: string | null,
  ): Promise<{ ok: true; version: string } | { ok: false; current: Versioned }> {
    const put = await this.bounded(
      this.o.store.put(this.o.storeKey, next, { ifVersion: version, ttlMs: this.o.recordTtlMs }),
    );
    if (put.ok) return put;
    const current =
      put.current === undefined
        ? { snapshot: this.initial(), version: null }
        : this.versioned(put.current.value, put.current.version);
    return { ok: false, current };
  }

  /** A snapshot written under another strategy (the breaker was reconfigured) keeps its state, not its counts. */
  private versioned(value: CircuitSnapshot, version: string): Versioned {
    const { kind, empty } = this.o.strategy;
    return { snapshot: value.kind === kind ? value : { ...value, kind, counts: empty() }, version };
  }

  private bounded<T>(operation: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CircuitStoreTimeoutError(this.o.storeTimeoutMs)),
        this.o.storeTimeoutMs,
      );
    });
    return Promise.race([operation, late]).finally(() => clearTimeout(timer));
  }
}
