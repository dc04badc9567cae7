import { InMemoryStateStore } from '../state/memory';
import type { StateStore } from '../state/types';
import type { Backoff } from './backoff/types';
import { SharedCircuit } from './breaker/shared-circuit';
import type { OpenDuration } from './breaker/transitions';
import type { BreakerStrategy, CircuitSnapshot, CircuitState } from './breaker/types';
import { classifyError, classifyResult, isResponseLike } from './classify';
import { BrokenCircuitError } from './errors';
import { type Event, EventEmitter, type ResilienceEvent } from './events';
import { type ExecuteContext, type Operation, type Policy, rootContext } from './policy';
import { publish } from './telemetry';
import type { Clock } from './time';

/** Options of {@link circuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Names the circuit: breakers with the same key and store share one state, across instances. */
  key: string;
  /** When to open: `consecutive(n)` or `samplingRatio({ threshold, windowMs, minThroughput })`. */
  // biome-ignore lint/suspicious/noExplicitAny: each strategy has its own counts type.
  breaker: BreakerStrategy<any>;
  /** Where the state is shared. Default: one in-memory store for the whole process. */
  store?: StateStore;
  /** How long the circuit stays open before trial calls: ms, or a backoff over consecutive opens. Default 10 000. */
  halfOpenAfter?: number | Backoff;
  /** Trial calls that may run at once while half-open, across all instances. Default 1. */
  halfOpenMaxCalls?: number;
  /** Which errors are the dependency's failures. Default: all but client errors (4xx other than 408/429), cancellations and policy rejections. */
  isFailure?: (error: unknown) => boolean;
  /** Which returned values are failures. Default: an HTTP `Response` with 408/429/5xx. */
  isResultFailure?: (result: unknown) => boolean;
  /** How long this instance trusts the state it read from the store. Default 1 000 ms; 0 reads on every call. */
  cacheTtlMs?: number;
  /** A trial's slot lapses after this (or at the invocation's deadline, if sooner). Default 30 000 ms. */
  leaseTtlMs?: number;
  /** A store call that takes longer counts as a store failure. Default 500 ms. */
  storeTimeoutMs?: number;
  /** Compare-and-set attempts before giving up on one update. Default 32. */
  maxConflictRetries?: number;
  /** The stored state expires after this long without writes. Default one day. */
  recordTtlMs?: number;
  /** Prepended to `key` in the store. Default `faasade:circuit:`. */
  keyPrefix?: string;
  /** The state to start from when the store has none (what `toJSON()` returned). */
  initialState?: CircuitSnapshot;
  /** Epoch ms now; inject one in tests. */
  clock?: Clock;
}

let processStore: InMemoryStateStore | undefined;

const defaultIsFailure = (error: unknown) => {
  const kind = classifyError(error).kind;
  return kind !== 'client' && kind !== 'cancelled' && kind !== 'rejected';
};
const defaultIsResultFailure = (result: unknown) =>
  isResponseLike(result) && classifyResult(result)?.retryable === true;

/**
 * A circuit breaker whose state is shared by every instance through a {@link StateStore}.
 * CLOSED lets calls through and counts failures; OPEN rejects them with
 * {@link BrokenCircuitError}; after `halfOpenAfter` it is HALF_OPEN: at most `halfOpenMaxCalls`
 * trial calls run at once across all instances (each holds a lease in the store), one success
 * closes it and a failure opens it again. A healthy call costs no store round trip: the state
 * is cached for `cacheTtlMs` and refreshed in the background.
 */
export class CircuitBreakerPolicy implements Policy {
  readonly key: string;
  private readonly circuit: SharedCircuit;
  private readonly isFailure: (error: unknown) => boolean;
  private readonly isResultFailure: (result: unknown) => boolean;
  private readonly leaseTtlMs: number;
  private readonly cacheTtlMs: number;
  private readonly clock: Clock;
  private readonly emitters = {
    break: new EventEmitter<ResilienceEvent>(),
    halfOpen: new EventEmitter<ResilienceEvent>(),
    reset: new EventEmitter<ResilienceEvent>(),
    reject: new EventEmitter<ResilienceEvent>(),
    success: new EventEmitter<ResilienceEvent>(),
    failure: new EventEmitter<ResilienceEvent>(),
  };

  /** The circuit opened (`origin` says whether this instance opened it; `delayMs` is how long). */
  readonly onBreak: Event<ResilienceEvent> = this.emitters.break.event;
  /** The circuit became half-open: trial calls are running. */
  readonly onHalfOpen: Event<ResilienceEvent> = this.emitters.halfOpen.event;
  /** The circuit closed again. */
  readonly onReset: Event<ResilienceEvent> = this.emitters.reset.event;
  /** A call was rejected with a {@link BrokenCircuitError}. */
  readonly onReject: Event<ResilienceEvent> = this.emitters.reject.event;
  readonly onSuccess: Event<ResilienceEvent> = this.emitters.success.event;
  /** A call failed (whether or not the failure counted). */
  readonly onFailure: Event<ResilienceEvent> = this.emitters.failure.event;

  constructor(options: CircuitBreakerOptions) {
    if (typeof options.key !== 'string' || options.key === '') {
      throw new TypeError(
        'circuitBreaker needs a non-empty key: breakers with the same key share their state.',
      );
    }
    this.key = options.key;
    const halfOpenMaxCalls = options.halfOpenMaxCalls ?? 1;
    if (!Number.isInteger(halfOpenMaxCalls) || halfOpenMaxCalls < 1) {
      throw new RangeError(
        `circuitBreaker's halfOpenMaxCalls must be an integer >= 1 (got ${halfOpenMaxCalls}).`,
      );
    }
    this.cacheTtlMs = options.cacheTtlMs ?? 1_000;
    if (!(this.cacheTtlMs >= 0))
      throw new RangeError(`circuitBreaker's cacheTtlMs must be >= 0 (got ${this.cacheTtlMs}).`);
    this.leaseTtlMs = options.leaseTtlMs ?? 30_000;
    this.isFailure = options.isFailure ?? defaultIsFailure;
    this.isResultFailure = options.isResultFailure ?? defaultIsResultFailure;
    this.clock = options.clock ?? Date.now;
    this.circuit = new SharedCircuit({
      store: options.store ?? (processStore ??= new InMemoryStateStore()),
      storeKey: `${options.keyPrefix ?? 'faasade:circuit:'}${options.key}`,
      strategy: options.breaker,
      openFor: openDuration(options.halfOpenAfter ?? 10_000),
      halfOpenMaxCalls,
      cacheTtlMs: this.cacheTtlMs,
      storeTimeoutMs: options.storeTimeoutMs ?? 500,
      maxConflictRetries: options.maxConflictRetries ?? 32,
      recordTtlMs: options.recordTtlMs ?? 86_400_000,
      clock: this.clock,
      initialState: options.initialState,
      onChange: (from, to, origin) => this.changed(from, to, origin),
      onStoreError: (error) => this.storeFailed(error),
    });
  }

  /** The state this instance last saw (no store round trip). */
  get state(): CircuitState {
    return this.circuit.snapshot.state;
  }

  /** The state with this instance's unsynced counts applied; pass it back as `initialState`. */
  toJSON(): CircuitSnapshot {
    return this.circuit.toJSON();
  }

  /**
   * Writes this instance's unsynced counts and refreshes its view of the store (or only
   * refreshes it when there are none). Call it before an instance goes idle to hand over every
   * count; a breaker in use syncs by itself.
   */
  sync(): Promise<void> {
    return this.circuit.sync(true);
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    return this.run(fn, rootContext(signal));
  }

  async run<T>(fn: Operation<T>, context: ExecuteContext): Promise<T> {
    const circuit = this.circuit;
    let leaseId: string | undefined;
    if (!circuit.admitsAtOnce(this.clock())) leaseId = await this.admit(context);
    let result: T;
    try {
      result = await fn(context);
    } catch (error) {
      await this.failed(leaseId, this.isFailure(error));
      if (this.emitters.failure.size > 0) publish(this.emitters.failure, { ...this.event('failure'), error });
      throw error;
    }
    if (this.isResultFailure(result)) {
      await this.failed(leaseId, true);
      if (this.emitters.failure.size > 0)
        publish(this.emitters.failure, { ...this.event('failure'), error: result });
      return result;
    }
    if (leaseId === undefined) circuit.recordSuccess(this.clock());
    else await circuit.finishTrial(leaseId, 'success');
    if (this.emitters.success.size > 0) publish(this.emitters.success, this.event('success'));
    return result;
  }

  private async admit(context: ExecuteContext): Promise<string | undefined> {
    const until = this.clock() + this.leaseTtlMs;
    const admission = await this.circuit.admit(
      context.deadline === undefined ? until : Math.min(until, context.deadline),
    );
    if (!('refused' in admission)) return admission.leaseId;
    const { state, retryAfterMs } = admission.refused;
    // A full half-open period ends when a trial does; this instance hears of it within the cache TTL.
    const wait = Math.max(0, state === 'halfOpen' ? Math.min(retryAfterMs, this.cacheTtlMs) : retryAfterMs);
    const error = new BrokenCircuitError(this.key, state, wait);
    publish(this.emitters.reject, { ...this.event('reject'), state, delayMs: wait, error });
    throw error;
  }

  private failed(leaseId: string | undefined, counts: boolean): Promise<void> {
    if (leaseId !== undefined) return this.circuit.finishTrial(leaseId, counts ? 'failure' : 'neutral');
    return counts ? this.circuit.recordFailure(this.clock()) : Promise.resolve();
  }

  private changed(_from: CircuitSnapshot, to: CircuitSnapshot, origin: 'local' | 'store'): void {
    const type = to.state === 'open' ? 'break' : to.state === 'halfOpen' ? 'halfOpen' : 'reset';
    // How long the circuit stays open: all of it when this instance opened it, what is left otherwise.
    const delayMs =
      to.state !== 'open'
        ? undefined
        : origin === 'local'
          ? to.lastOpenMs
          : Math.max(0, to.halfOpenAt - this.clock());
    publish(this.emitters[type], { ...this.event(type), state: to.state, origin, delayMs });
  }

  private storeFailed(error: unknown): void {
    if (this.emitters.failure.size > 0) {
      publish(this.emitters.failure, { ...this.event('failure'), error, reason: 'store' });
    }
  }

  private event(type: ResilienceEvent['type']): ResilienceEvent {
    return { type, policy: 'circuitBreaker', name: this.key, attempt: 1 };
  }
}

function openDuration(halfOpenAfter: number | Backoff): OpenDuration {
  if (typeof halfOpenAfter === 'number') {
    if (!(halfOpenAfter >= 0))
      throw new RangeError(`circuitBreaker's halfOpenAfter must be >= 0 ms (got ${halfOpenAfter}).`);
    return () => halfOpenAfter;
  }
  return (opens, lastOpenMs) => halfOpenAfter.delayMs(opens - 1, lastOpenMs);
}

/**
 * A circuit breaker shared across function instances through a state store.
 *
 * @example
 * ```ts
 * import { BrokenCircuitError, circuitBreaker, consecutive } from '@faasade/core/resilience';
 * import { InMemoryStateStore } from '@faasade/core/state';
 *
 * const breaker = circuitBreaker({
 *   key: 'payments',
 *   store: new InMemoryStateStore(), // RedisStateStore, DynamoDbStateStore... to share it
 *   breaker: consecutive(2),
 *   halfOpenAfter: 30_000,
 * });
 * breaker.onBreak((e) => console.log(`circuit ${e.name} opened for ${e.delayMs} ms`)); // circuit payments opened for 30000 ms
 * const down = () => Promise.reject(Object.assign(new Error('unavailable'), { status: 503 }));
 * await breaker.execute(down).catch(() => {});
 * await breaker.execute(down).catch(() => {});
 * const refused = await breaker.execute(() => 'never runs').catch((e) => e);
 * console.log(refused instanceof BrokenCircuitError, refused.retryAfterMs <= 30_000); // true true
 * ```
 */
export function circuitBreaker(options: CircuitBreakerOptions): CircuitBreakerPolicy {
  return new CircuitBreakerPolicy(options);
}
