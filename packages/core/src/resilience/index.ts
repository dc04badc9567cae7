/**
 * @faasade/core/resilience: retry with backoff and a retry budget, a circuit breaker shared across
 * function instances through a state store, timeout, bulkhead, fallback, and `pipeline` to
 * compose them. No runtime dependency beyond the core. See docs/guides/resilience.md.
 */
export {
  type Backoff,
  constantBackoff,
  type ExponentialBackoffOptions,
  exponentialBackoff,
  type Jitter,
} from './backoff';
export {
  type BreakerStrategy,
  type CircuitSnapshot,
  type CircuitState,
  type ConsecutiveCounts,
  consecutive,
  type Lease,
  type SamplingCounts,
  type SamplingRatioOptions,
  samplingRatio,
} from './breaker';
export { BulkheadPolicy, type BulkheadOptions, bulkhead } from './bulkhead';
export { CircuitBreakerPolicy, type CircuitBreakerOptions, circuitBreaker } from './circuit-breaker';
export {
  classifyError,
  classifyResult,
  classifyStatus,
  type ErrorClassification,
  type ErrorKind,
  isClientError,
  isResponseLike,
  isTransientError,
  type ResponseLike,
  retryAfterFromHeaders,
} from './classify';
export {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitStoreTimeoutError,
  RetryDeadlineError,
  TimeoutError,
} from './errors';
export type { Disposable, Event, PolicyKind, ResilienceEvent, ResilienceEventType } from './events';
export { FallbackPolicy, type FallbackFactory, type FallbackOptions, fallback } from './fallback';
export { PipelinePolicy, pipeline } from './pipeline';
export type { ExecuteContext, Operation, Policy } from './policy';
export { type ResultClassifier, type RetryClassifier, RetryPolicy, type RetryOptions, retry } from './retry';
export { RetryBudget, type RetryBudgetOptions, retryBudget } from './retry-budget';
export { type Clock, type Sleep, sleep } from './time';
export { TimeoutPolicy, type TimeoutOptions, type TimeoutStrategy, timeout } from './timeout';
