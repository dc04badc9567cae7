export type { ContextLogger, InvocationContext, Token } from './context';
export {
  beginInvocation,
  type InstanceStart,
  isWarm,
  isWarmupPayload,
  resetInstance,
  WARMUP_FIELD,
  WARMUP_HEADER,
} from './instance';
export { Invocation, noopMetrics } from './invocation';
export type * from './observer';
export {
  type Cloud,
  currentScope,
  type HttpScope,
  type InvocationScope,
  type LogLevel,
  type LogSink,
  scopeStorage,
  type TraceIds,
} from './scope';
export { formatTraceparent, parseTraceparent } from './traceparent';
