import { BulkheadRejectedError } from './errors';
import { type Event, EventEmitter, type ResilienceEvent } from './events';
import { type ExecuteContext, type Operation, type Policy, rootContext } from './policy';
import { publish } from './telemetry';

/** Options of {@link bulkhead}. */
export interface BulkheadOptions {
  /** Calls that may run at once. */
  limit: number;
  /** Calls that may wait for a slot, first come first served. Default 0: reject at once. */
  queue?: number;
  /** Names the policy in events, logs and metrics. Default `bulkhead`. */
  name?: string;
}

interface Waiter {
  admit(): void;
  context: ExecuteContext;
}

/**
 * Limits how many calls run at once, so one slow dependency cannot take every connection or
 * every concurrent invocation of an instance. Beyond `limit` running and `queue` waiting, a
 * call is rejected with {@link BulkheadRejectedError}. A queued call whose signal aborts leaves
 * the queue.
 */
export class BulkheadPolicy implements Policy {
  readonly name: string;
  readonly limit: number;
  readonly queue: number;
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private readonly rejectEmitter = new EventEmitter<ResilienceEvent>();
  private readonly successEmitter = new EventEmitter<ResilienceEvent>();
  private readonly failureEmitter = new EventEmitter<ResilienceEvent>();

  /** A call was rejected because the bulkhead was full. */
  readonly onReject: Event<ResilienceEvent> = this.rejectEmitter.event;
  readonly onSuccess: Event<ResilienceEvent> = this.successEmitter.event;
  readonly onFailure: Event<ResilienceEvent> = this.failureEmitter.event;

  constructor(options: BulkheadOptions) {
    this.limit = options.limit;
    this.queue = options.queue ?? 0;
    this.name = options.name ?? 'bulkhead';
    if (!Number.isInteger(this.limit) || this.limit < 1) {
      throw new RangeError(`bulkhead's limit must be an integer >= 1 (got ${this.limit}).`);
    }
    if (!Number.isInteger(this.queue) || this.queue < 0) {
      throw new RangeError(`bulkhead's queue must be an integer >= 0 (got ${this.queue}).`);
    }
  }

  /** Slots free to run a call now. */
  get executionSlots(): number {
    return this.limit - this.running;
  }

  /** Places free in the queue. */
  get queueSlots(): number {
    return this.queue - this.waiting.length;
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    return this.run(fn, rootContext(signal));
  }

  async run<T>(fn: Operation<T>, context: ExecuteContext): Promise<T> {
    if (context.signal.aborted) throw context.signal.reason;
    if (this.running < this.limit) this.running++;
    else await this.enqueue(context);
    try {
      const result = await fn(context);
      if (this.successEmitter.size > 0) publish(this.successEmitter, this.event('success', context));
      return result;
    } catch (error) {
      if (this.failureEmitter.size > 0)
        publish(this.failureEmitter, { ...this.event('failure', context), error });
      throw error;
    } finally {
      this.release();
    }
  }

  /** Waits for a running call to hand over its slot; the slot count does not change in between. */
  private enqueue(context: ExecuteContext): Promise<void> {
    if (this.waiting.length >= this.queue) {
      const error = new BulkheadRejectedError(this.limit, this.queue);
      publish(this.rejectEmitter, { ...this.event('reject', context), error });
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(context.signal.reason);
      };
      const waiter: Waiter = {
        context,
        admit: () => {
          context.signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      context.signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.running--;
    else next.admit();
  }

  private event(type: ResilienceEvent['type'], context: ExecuteContext): ResilienceEvent {
    return { type, policy: 'bulkhead', name: this.name, attempt: context.attempt };
  }
}

/**
 * A bulkhead policy.
 *
 * @example
 * ```ts
 * import { bulkhead, BulkheadRejectedError } from '@faasade/core/resilience';
 *
 * const policy = bulkhead({ limit: 2, queue: 1 });
 * const slow = () => new Promise((resolve) => setTimeout(resolve, 20, 'ok'));
 * const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => policy.execute(slow)));
 * console.log(outcomes.map((o) => o.status)); // [ 'fulfilled', 'fulfilled', 'fulfilled', 'rejected' ]
 * console.log((outcomes[3] as PromiseRejectedResult).reason instanceof BulkheadRejectedError); // true
 * ```
 */
export function bulkhead(options: BulkheadOptions): BulkheadPolicy {
  return new BulkheadPolicy(options);
}
