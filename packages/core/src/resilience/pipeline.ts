import { type ExecuteContext, type Operation, type Policy, rootContext } from './policy';

/** What a policy may return instead of the operation's result (a fallback's value). */
type AltOf<P> = P extends Policy<infer A> ? A : never;

/** Policies composed by {@link pipeline}; itself a policy, so pipelines nest. */
export class PipelinePolicy<Alt> implements Policy<Alt> {
  readonly policies: readonly Policy<unknown>[];

  constructor(policies: readonly Policy<unknown>[]) {
    if (policies.length === 0) throw new RangeError('pipeline needs at least one policy.');
    this.policies = policies;
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T | Alt> {
    return this.run(fn, rootContext(signal));
  }

  run<T>(fn: Operation<T>, context: ExecuteContext): Promise<T | Alt> {
    return this.runFrom(0, fn, context) as Promise<T | Alt>;
  }

  /** Each policy runs the rest of the pipeline as its operation, in the context it made. */
  private runFrom<T>(index: number, fn: Operation<T>, context: ExecuteContext): Promise<unknown> {
    const policy = this.policies[index];
    if (index === this.policies.length - 1) return policy.run(fn, context);
    return policy.run((inner) => this.runFrom(index + 1, fn, inner), context);
  }
}

/**
 * Composes policies, the first one outermost: `pipeline(a, b, c).execute(fn)` runs
 * `a(b(c(fn)))`. Each policy hands its signal, attempt and deadline to the next. The order we
 * recommend, outermost first:
 *
 * `fallback > timeout (total) > retry > circuitBreaker > bulkhead > timeout (per attempt)`
 *
 * so that the total timeout bounds every retry, each retry asks the circuit breaker (an open
 * circuit is not hammered and its rejection is not retried), the bulkhead counts attempts that
 * really run, and a per-attempt timeout turns a hung attempt into a retryable `TimeoutError`.
 *
 * @example
 * ```ts
 * import { circuitBreaker, consecutive, fallback, pipeline, retry, timeout } from '@faasade/core/resilience';
 *
 * const policy = pipeline(
 *   fallback('cached answer'),
 *   timeout(5_000),
 *   retry({ maxAttempts: 3 }),
 *   circuitBreaker({ key: 'example-pipeline', breaker: consecutive(5), halfOpenAfter: 10_000 }),
 *   timeout(1_000, { strategy: 'aggressive' }),
 * );
 * const answer = await policy.execute(async ({ signal, attempt }) => {
 *   if (attempt === 1) throw Object.assign(new Error('unavailable'), { status: 503 });
 *   return signal.aborted ? 'too late' : 'fresh answer';
 * });
 * console.log(answer); // fresh answer
 * ```
 */
export function pipeline<const P extends readonly Policy<unknown>[]>(
  ...policies: P
): PipelinePolicy<AltOf<P[number]>> {
  return new PipelinePolicy(policies);
}
