import { type Event, EventEmitter, type ResilienceEvent } from './events';
import { type ExecuteContext, type Operation, type Policy, rootContext } from './policy';
import { publish } from './telemetry';

/** Makes the fallback value from the error that made it necessary. */
export type FallbackFactory<F> = (error: unknown, context: ExecuteContext) => F | PromiseLike<F>;

/** Options of {@link fallback}. */
export interface FallbackOptions {
  /** Which errors get the fallback. Default: every error. */
  on?: (error: unknown) => boolean;
  /** Names the policy in events, logs and metrics. Default `fallback`. */
  name?: string;
}

/**
 * Answers with a fallback instead of an error: a fixed value, or what a function makes of the
 * error (a cached copy, a degraded answer). A function given as the fallback is always called;
 * to fall back to a function *value*, return it from a factory.
 */
export class FallbackPolicy<F> implements Policy<F> {
  readonly name: string;
  private readonly factory: FallbackFactory<F>;
  private readonly on: (error: unknown) => boolean;
  private readonly fallbackEmitter = new EventEmitter<ResilienceEvent>();
  private readonly successEmitter = new EventEmitter<ResilienceEvent>();
  private readonly failureEmitter = new EventEmitter<ResilienceEvent>();

  /** The fallback was served instead of `error`. */
  readonly onFallback: Event<ResilienceEvent> = this.fallbackEmitter.event;
  readonly onSuccess: Event<ResilienceEvent> = this.successEmitter.event;
  /** An error went through: `on` did not match it, or the fallback itself failed. */
  readonly onFailure: Event<ResilienceEvent> = this.failureEmitter.event;

  constructor(valueOrFactory: F | FallbackFactory<F>, options: FallbackOptions = {}) {
    this.factory =
      typeof valueOrFactory === 'function'
        ? (valueOrFactory as FallbackFactory<F>)
        : () => valueOrFactory as F;
    this.on = options.on ?? (() => true);
    this.name = options.name ?? 'fallback';
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T | F> {
    return this.run(fn, rootContext(signal));
  }

  async run<T>(fn: Operation<T>, context: ExecuteContext): Promise<T | F> {
    try {
      const result = await fn(context);
      if (this.successEmitter.size > 0) publish(this.successEmitter, this.event('success', context));
      return result;
    } catch (error) {
      if (!this.on(error)) {
        if (this.failureEmitter.size > 0)
          publish(this.failureEmitter, { ...this.event('failure', context), error });
        throw error;
      }
      publish(this.fallbackEmitter, { ...this.event('fallback', context), error });
      try {
        return await this.factory(error, context);
      } catch (fallbackError) {
        if (this.failureEmitter.size > 0) {
          publish(this.failureEmitter, { ...this.event('failure', context), error: fallbackError });
        }
        throw fallbackError;
      }
    }
  }

  private event(type: ResilienceEvent['type'], context: ExecuteContext): ResilienceEvent {
    return { type, policy: 'fallback', name: this.name, attempt: context.attempt };
  }
}

/**
 * A fallback policy.
 *
 * @example
 * ```ts
 * import { BrokenCircuitError, fallback } from '@faasade/core/resilience';
 *
 * const policy = fallback({ price: null, stale: true }, { on: (e) => e instanceof BrokenCircuitError });
 * const quote = await policy.execute(() => {
 *   throw new BrokenCircuitError('prices', 'open', 5_000);
 * });
 * console.log(quote); // { price: null, stale: true }
 * ```
 */
export function fallback<F>(
  valueOrFactory: F | FallbackFactory<F>,
  options: FallbackOptions = {},
): FallbackPolicy<F> {
  return new FallbackPolicy(valueOrFactory, options);
}
