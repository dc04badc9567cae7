import type { CircuitState } from './breaker/types';

/** Something to stop: `dispose()` removes the listener it was returned for. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; call `dispose()` on the result to unsubscribe. */
export type Event<T> = (listener: (event: T) => void) => Disposable;

/** The policy an event comes from. */
export type PolicyKind = 'retry' | 'circuitBreaker' | 'timeout' | 'bulkhead' | 'fallback';

/** What happened. Every policy emits `success` and `failure`; the rest belong to one policy each. */
export type ResilienceEventType =
  | 'success'
  | 'failure'
  | 'retry'
  | 'break'
  | 'halfOpen'
  | 'reset'
  | 'timeout'
  | 'reject'
  | 'fallback';

/**
 * The one event shape every policy emits, learned once: `type` says what happened, `policy` and
 * `name` say where, and the optional fields carry what the type needs.
 */
export interface ResilienceEvent {
  readonly type: ResilienceEventType;
  readonly policy: PolicyKind;
  /** The policy's `name` option; a circuit breaker's key. */
  readonly name: string;
  /** The attempt the event belongs to (1 outside a retry). */
  readonly attempt: number;
  /** The error that caused the event (`failure`, `retry`, `timeout`, `reject`, `fallback`). */
  readonly error?: unknown;
  /** `retry`: the sleep before the next attempt. `timeout`: the bound that was hit. `reject`: when to try again. */
  readonly delayMs?: number;
  /**
   * `failure`: why the policy let the error through (`notRetryable`, `exhausted`, `budget`,
   * `deadline`, `aborted`). `timeout`: `deadline` when the invocation deadline set the bound.
   */
  readonly reason?: string;
  /** Circuit breaker events: the state entered (`break`, `halfOpen`, `reset`) or the state that rejected. */
  readonly state?: CircuitState;
  /**
   * Circuit breaker transitions: `local` when this instance made the transition, `store` when it
   * learned from the shared store that another instance made it.
   */
  readonly origin?: 'local' | 'store';
}

/**
 * A list of listeners. Listeners are copied on write, so one may dispose itself while being
 * called; a listener that throws is reported and never breaks the policy that emitted.
 */
export class EventEmitter<T> {
  private listeners: ReadonlyArray<(event: T) => void> = [];

  /** How many listeners there are; policies build an event object only when this is not 0. */
  get size(): number {
    return this.listeners.length;
  }

  readonly event: Event<T> = (listener) => {
    this.listeners = [...this.listeners, listener];
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        const index = this.listeners.indexOf(listener);
        if (index >= 0)
          this.listeners = [...this.listeners.slice(0, index), ...this.listeners.slice(index + 1)];
      },
    };
  };

  emit(event: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener is a bug in observing code, not in the call being protected.
        process.emitWarning(
          `A resilience event listener threw: ${String(error)}`,
          'FaasadeResilienceWarning',
        );
      }
    }
  }
}
