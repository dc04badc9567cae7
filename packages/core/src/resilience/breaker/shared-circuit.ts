import { randomUUID } from 'node:crypto';
import type { Clock } from '../time';
import { CircuitRecords, type CircuitRecordsOptions } from './circuit-records';
import {
  acquireLease,
  applyCounts,
  type OpenDuration,
  type Refusal,
  releaseLease,
  trialFailed,
  trialSucceeded,
} from './transitions';
import type { CircuitSnapshot } from './types';

/** Everything a {@link SharedCircuit} needs; the circuit breaker policy fills in the defaults. */
export interface SharedCircuitOptions extends CircuitRecordsOptions {
  openFor: OpenDuration;
  halfOpenMaxCalls: number;
  cacheTtlMs: number;
  maxConflictRetries: number;
  clock: Clock;
  /** The state this instance decides on changed; `store` when another instance changed it. */
  onChange(from: CircuitSnapshot, to: CircuitSnapshot, origin: 'local' | 'store'): void;
  onStoreError(error: unknown): void;
}

/** A call may run (with a trial lease when half-open), or is refused. */
export type Admission = { readonly leaseId: string | undefined } | { readonly refused: Refusal };

type Decide<R> = (s: CircuitSnapshot, now: number) => { next?: CircuitSnapshot; result: R };

const NO_LEASE: Admission = { leaseId: undefined };
const KEEP: Decide<undefined> = () => ({ result: undefined });
const ignore = () => {};

/**
 * One instance's view of a circuit whose state lives in a {@link StateStore}.
 *
 * - The snapshot read from the store is trusted for `cacheTtlMs`; once half of that has passed,
 *   a call starts a refresh in the background, so under steady traffic no call waits for the
 *   store, and a call never decides on a state older than `cacheTtlMs`.
 * - Outcomes are counted in `pending` and added to the store's counts with a compare-and-set
 *   (re-read and re-applied on a version conflict), so no count is lost or counted twice.
 *   Failures are written before the failing call returns; successes only when they change what
 *   the store holds (they end a run of failures, or the window has failures in it).
 * - Trial leases are taken and returned in the store, so half-open slots are global.
 * - If the store fails or does not answer within `storeTimeoutMs`, the instance carries on with
 *   its own copy (its last snapshot plus its own counts) and tries the store again after
 *   `cacheTtlMs`; its counts are kept and written when the store answers.
 */
export class SharedCircuit {
  private readonly o: SharedCircuitOptions;
  private readonly records: CircuitRecords;
  private readonly halfTtl: number;
  private readonly instanceTag = randomUUID().slice(0, 13);
  private leaseSeq = 0;
  private lastStamp = 0;
  private stored: CircuitSnapshot;
  /** The stored snapshot's version; null when the store has none (the next write creates it). */
  private version: string | null = null;
  private readAt = Number.NEGATIVE_INFINITY;
  /** What calls are decided on: `stored`, or this instance's own copy while detached. */
  private view: CircuitSnapshot;
  private pending: unknown;
  /** `pending` holds something the store must hear: a failure, or a success that changes its counts. */
  private dirty = false;
  private successMatters = false;
  /** True while the store is unreachable and `view` runs on its own. */
  private detached = false;
  private retryStoreAt = Number.NEGATIVE_INFINITY;
  /** Store operations of one instance run one at a time: they would only conflict with each other. */
  private tail: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  private queuedSync: Promise<void> | undefined;
  private flushAllQueued = false;

  constructor(options: SharedCircuitOptions) {
    this.o = options;
    this.records = new CircuitRecords(options);
    this.halfTtl = options.cacheTtlMs / 2;
    this.stored = this.records.initial();
    this.view = this.stored;
    this.pending = options.strategy.empty();
  }

  get snapshot(): CircuitSnapshot {
    return this.view;
  }

  /** The view with this instance's unsynced counts applied: what the store will hold after a sync. */
  toJSON(): CircuitSnapshot {
    // A detached view already holds this instance's counts.
    if (this.detached) return this.view;
    return applyCounts(this.view, this.o.strategy, this.pending, this.o.clock(), this.o.openFor);
  }

  /** The hot path: true when a closed, fresh enough view lets the call run without the store. */
  admitsAtOnce(now: number): boolean {
    if (this.view.state !== 'closed') return false;
    const age = now - this.readAt;
    if (age < this.halfTtl || this.waitingOutStore(now)) return true;
    if (age >= this.o.cacheTtlMs) return false;
    if (this.inFlight === 0) this.sync().catch(ignore);
    return true;
  }

  /** The slow path: refreshes a stale view, refuses while open, takes a trial lease when it may. */
  async admit(leaseUntil: number): Promise<Admission> {
    const now = this.o.clock();
    if (now - this.readAt >= this.o.cacheTtlMs && !this.waitingOutStore(now)) await this.sync();
    const view = this.view;
    const later = this.o.clock();
    if (view.state === 'closed') return NO_LEASE;
    if (view.state === 'open' && later < view.halfOpenAt) {
      return { refused: { state: 'open', retryAfterMs: view.halfOpenAt - later } };
    }
    const lease = { id: `${this.instanceTag}-${++this.leaseSeq}`, until: Math.max(leaseUntil, later + 1) };
    const contended: Admission = { refused: { state: 'halfOpen', retryAfterMs: this.o.cacheTtlMs } };
    return this.transact<Admission>((s, at) => {
      const taken = acquireLease(s, lease, this.o.halfOpenMaxCalls, at);
      if (taken === undefined) return { result: NO_LEASE };
      if ('refused' in taken) return { result: taken };
      return { next: taken.next, result: { leaseId: lease.id } };
    }, contended);
  }

  recordSuccess(at: number): void {
    const now = this.stamp(at);
    this.o.strategy.recordSuccess(this.pending, now);
    if (this.successMatters) {
      this.dirty = true;
      if (this.o.strategy.eagerSuccess && this.inFlight === 0 && !this.detached) this.sync().catch(ignore);
    }
    if (this.detached) this.applyLocally((counts) => this.o.strategy.recordSuccess(counts, now), now);
  }

  /** Counts a failure and writes it before returning, so that the circuit opens as soon as it must. */
  async recordFailure(at: number): Promise<void> {
    const now = this.stamp(at);
    this.o.strategy.recordFailure(this.pending, now);
    this.dirty = true;
    if (this.detached) this.applyLocally((counts) => this.o.strategy.recordFailure(counts, now), now);
    if (this.waitingOutStore(now)) return;
    await this.sync();
  }

  /** True while the store failed recently and this instance decides alone. */
  private waitingOutStore(now: number): boolean {
    return this.detached && now < this.retryStoreAt;
  }

  /**
   * Outcomes of one instance get strictly increasing times (a microsecond apart within one
   * millisecond), so that the store orders a success and a failure the way they happened here.
   */
  private stamp(now: number): number {
    this.lastStamp = now > this.lastStamp ? now : this.lastStamp + 0.001;
    return this.lastStamp;
  }

  /** Ends a trial: `success` closes the circuit, `failure` opens it again, `neutral` frees the slot. */
  async finishTrial(leaseId: string, verdict: 'success' | 'failure' | 'neutral'): Promise<void> {
    const { strategy, openFor } = this.o;
    await this.transact((s, now) => {
      if (verdict === 'success')
        return { next: trialSucceeded(s, strategy, leaseId, now), result: undefined };
      if (verdict === 'failure')
        return { next: trialFailed(s, strategy, leaseId, now, openFor), result: undefined };
      return { next: releaseLease(s, leaseId, now), result: undefined };
    }, undefined);
  }

  /**
   * Writes what the store must hear, or else re-reads it; `flushAll` also writes counts that do
   * not matter yet (what a caller of `breaker.sync()` expects). Calls made while one is queued
   * share it.
   */
  sync(flushAll = false): Promise<void> {
    this.flushAllQueued ||= flushAll;
    if (this.queuedSync !== undefined) return this.queuedSync;
    const queued = this.enqueue(async () => {
      this.queuedSync = undefined;
      const explicit = this.flushAllQueued;
      this.flushAllQueued = false;
      const write = this.dirty || (explicit && !this.o.strategy.isEmpty(this.pending));
      // An explicit sync tries the store even while waiting out an earlier store failure.
      if (explicit) this.retryStoreAt = Number.NEGATIVE_INFINITY;
      if (write) await this.transactNow(KEEP, undefined);
      else await this.readNow();
    });
    this.queuedSync = queued;
    return queued;
  }

  private enqueue<R>(operation: () => Promise<R>): Promise<R> {
    this.inFlight++;
    const done = this.tail.then(operation).finally(() => this.inFlight--);
    this.tail = done.catch(ignore);
    return done;
  }

  private transact<R>(decide: Decide<R>, onContention: R): Promise<R> {
    return this.enqueue(() => this.transactNow(decide, onContention));
  }

  /** Compare-and-set: apply the pending counts and `decide` to the stored snapshot, re-reading on conflict. */
  private async transactNow<R>(decide: Decide<R>, onContention: R): Promise<R> {
    if (this.waitingOutStore(this.o.clock())) return this.decideLocally(decide);
    const delta = this.pending;
    const wasDirty = this.dirty;
    this.pending = this.o.strategy.empty();
    this.dirty = false;
    let base = this.stored;
    let version = this.version;
    try {
      for (let attempt = 0; attempt <= this.o.maxConflictRetries; attempt++) {
        const now = this.o.clock();
        const folded = applyCounts(base, this.o.strategy, delta, now, this.o.openFor);
        const { next = folded, result } = decide(folded, now);
        if (next === base) return result;
        const written = await this.records.write(next, version);
        if (written.ok) {
          this.accept(next, written.version, 'local');
          return result;
        }
        ({ snapshot: base, version } = written.current);
        this.accept(base, version, 'store');
      }
      this.keepUnsynced(delta, wasDirty);
      return onContention;
    } catch (error) {
      this.keepUnsynced(delta, wasDirty);
      this.detach(error);
      return this.decideLocally(decide);
    }
  }

  private async readNow(): Promise<void> {
    if (this.waitingOutStore(this.o.clock())) return;
    try {
      const { snapshot, version } = await this.records.read();
      this.accept(snapshot, version, 'store');
    } catch (error) {
      this.detach(error);
    }
  }

  private accept(next: CircuitSnapshot, version: string | null, origin: 'local' | 'store'): void {
    const now = this.o.clock();
    this.stored = next;
    this.version = version;
    this.readAt = now;
    this.detached = false;
    this.successMatters = next.state === 'closed' && this.o.strategy.successMatters(next.counts, now);
    this.setView(next, origin);
  }

  private setView(next: CircuitSnapshot, origin: 'local' | 'store'): void {
    const previous = this.view;
    this.view = next;
    if (previous.state !== next.state) this.o.onChange(previous, next, origin);
  }

  /** Puts counts that did not reach the store back with those gathered since. */
  private keepUnsynced(delta: unknown, wasDirty: boolean): void {
    this.pending = this.o.strategy.merge(delta, this.pending, this.o.clock(), 0);
    this.dirty ||= wasDirty;
  }

  private detach(error: unknown): void {
    const now = this.o.clock();
    this.retryStoreAt = now + this.o.cacheTtlMs;
    this.o.onStoreError(error);
    if (this.detached) return;
    this.detached = true;
    this.setView(applyCounts(this.stored, this.o.strategy, this.pending, now, this.o.openFor), 'local');
  }

  private decideLocally<R>(decide: Decide<R>): R {
    const { next, result } = decide(this.view, this.o.clock());
    if (next !== undefined) this.setView(next, 'local');
    return result;
  }

  /** While detached, each outcome also moves the instance's own copy. */
  private applyLocally(record: (counts: unknown) => void, now: number): void {
    const single = this.o.strategy.empty();
    record(single);
    this.setView(applyCounts(this.view, this.o.strategy, single, now, this.o.openFor), 'local');
  }
}
