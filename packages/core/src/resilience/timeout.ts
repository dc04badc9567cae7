import { TimeoutError } from './errors';
import { type Event, EventEmitter, type ResilienceEvent } from './events';
import { type ExecuteContext, type Operation, type Policy, rootContext } from './policy';
import type { InvocationContext } from '../context/context';
import { currentScope } from '../context/scope';
import { publish } from './telemetry';
import type { Clock } from './time';

/**
 * - `cooperative`: at the bound the operation's signal aborts, and the policy waits for the
 *   operation to stop. An operation that ignores the signal runs to its end: its value is
 *   returned, its error becomes a {@link TimeoutError} (with the error as `cause`).
 * - `aggressive`: the same, and the policy also rejects with a {@link TimeoutError} at the bound
 *   even if the operation has not stopped (it goes on in the background; its outcome is dropped).
 */
export type TimeoutStrategy = 'cooperative' | 'aggressive';

/** Options of {@link timeout}. */
export interface TimeoutOptions {
  /** Default `cooperative`. */
  strategy?: TimeoutStrategy;
  /** Names the policy in events, logs and metrics. Default `timeout`. */
  name?: string;
  /** Epoch ms now; inject one with fake timers. */
  clock?: Clock;
}

/**
 * Bounds how long an operation may run, and never beyond the invocation's deadline (or an
 * enclosing timeout's bound). The operation receives an AbortSignal that fires at the bound,
 * and a `deadline` that policies inside it (a retry) respect.
 */
export class TimeoutPolicy implements Policy {
  readonly name: string;
  readonly ms: number;
  readonly strategy: TimeoutStrategy;
  private readonly clock: Clock;
  private readonly timeoutEmitter = new EventEmitter<ResilienceEvent>();
  private readonly successEmitter = new EventEmitter<ResilienceEvent>();
  private readonly failureEmitter = new EventEmitter<ResilienceEvent>();

  /** The bound was hit (`delayMs` is the bound, `reason` is `deadline` when the deadline set it). */
  readonly onTimeout: Event<ResilienceEvent> = this.timeoutEmitter.event;
  readonly onSuccess: Event<ResilienceEvent> = this.successEmitter.event;
  readonly onFailure: Event<ResilienceEvent> = this.failureEmitter.event;

  constructor(ms: number, options: TimeoutOptions = {}) {
    if (!(ms > 0) || !Number.isFinite(ms)) {
      throw new RangeError(`timeout needs a bound > 0 ms (got ${ms}).`);
    }
    this.ms = ms;
    this.strategy = options.strategy ?? 'cooperative';
    this.name = options.name ?? 'timeout';
    this.clock = options.clock ?? Date.now;
  }

  private reportTimeout(
    parent: ExecuteContext,
    bound: number,
    byDeadline: boolean,
    error: TimeoutError,
    invocation: InvocationContext | undefined,
  ): void {
    const event: ResilienceEvent = {
      type: 'timeout',
      policy: 'timeout',
      name: this.name,
      attempt: parent.attempt,
      delayMs: bound,
      reason: byDeadline ? 'deadline' : undefined,
      error,
    };
    // The timer may not run in the invocation's async context: hand the invocation over.
    publish(this.timeoutEmitter, event, invocation);
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    return this.run(fn, rootContext(signal));
  }

  async run<T>(fn: Operation<T>, parent: ExecuteContext): Promise<T> {
    if (parent.signal.aborted) throw parent.signal.reason;
    const now = this.clock();
    const left =
      parent.deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, parent.deadline - now);
    const byDeadline = left < this.ms;
    const bound = byDeadline ? left : this.ms;
    const invocation = currentScope()?.ctx;
    if (bound <= 0) {
      // The deadline has passed: starting the operation could only waste what is left.
      const error = new TimeoutError(0, true);
      this.reportTimeout(parent, bound, true, error, invocation);
      throw error;
    }
    const controller = new AbortController();
    // Aggressive mode stops waiting at once when the bound or the caller's signal fires.
    let stopWaiting: ((reason: unknown) => void) | undefined;
    const forwardAbort = () => {
      controller.abort(parent.signal.reason);
      stopWaiting?.(parent.signal.reason);
    };
    parent.signal.addEventListener('abort', forwardAbort, { once: true });
    let timedOut: TimeoutError | undefined;
    const timer = setTimeout(() => {
      timedOut = new TimeoutError(bound, byDeadline);
      controller.abort(timedOut);
      this.reportTimeout(parent, bound, byDeadline, timedOut, invocation);
      stopWaiting?.(timedOut);
    }, bound);
    try {
      const operation = Promise.resolve(
        fn({ signal: controller.signal, attempt: parent.attempt, deadline: now + bound }),
      );
      let result: T;
      if (this.strategy === 'aggressive') {
        // The operation may never settle; its late outcome must not become an unhandled rejection.
        operation.catch(() => {});
        result = await Promise.race([operation, new Promise<never>((_, reject) => (stopWaiting = reject))]);
      } else {
        result = await operation;
      }
      if (this.successEmitter.size > 0) {
        publish(this.successEmitter, {
          type: 'success',
          policy: 'timeout',
          name: this.name,
          attempt: parent.attempt,
        });
      }
      return result;
    } catch (error) {
      const thrown =
        timedOut === undefined || error === timedOut ? error : new TimeoutError(bound, byDeadline, error);
      if (this.failureEmitter.size > 0) {
        publish(this.failureEmitter, {
          type: 'failure',
          policy: 'timeout',
          name: this.name,
          attempt: parent.attempt,
          error: thrown,
        });
      }
      throw thrown;
    } finally {
      clearTimeout(timer);
      parent.signal.removeEventListener('abort', forwardAbort);
    }
  }
}

/**
 * A timeout policy.
 *
 * @example
 * ```ts
 * import { timeout, TimeoutError } from '@faasade/core/resilience';
 *
 * const policy = timeout(50, { strategy: 'aggressive' });
 * try {
 *   await policy.execute(() => new Promise((resolve) => setTimeout(resolve, 1_000)));
 * } catch (error) {
 *   console.log(error instanceof TimeoutError); // true
 * }
 * // Cooperative: hand the signal to the work so that it stops at the bound.
 * const data = await timeout(2_000).execute(({ signal }) => fetch('data:text/plain,hi', { signal }));
 * console.log(await data.text()); // hi
 * ```
 */
export function timeout(ms: number, options: TimeoutOptions = {}): TimeoutPolicy {
  return new TimeoutPolicy(ms, options);
}
