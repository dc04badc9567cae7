import { currentScope } from '../context/scope';
import type { InvocationContext } from '../context/context';
import type { EventEmitter, ResilienceEvent } from './events';

/** `resilience.circuit.state` values: a gauge reads better as a number than as a label. */
const CIRCUIT_STATE_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * Emits `event` to the policy's listeners and, inside an invocation, turns it into a log line
 * and a metric of that invocation. Outside an invocation only the listeners hear it. Pass
 * `ctx` when emitting from a timer, which may not run in the invocation's async context.
 */
export function publish(
  emitter: EventEmitter<ResilienceEvent>,
  event: ResilienceEvent,
  ctx: InvocationContext | undefined = currentScope()?.ctx,
): void {
  if (emitter.size > 0) emitter.emit(event);
  if (ctx === undefined) return;
  try {
    record(ctx, event);
  } catch {
    // Telemetry must never fail or change the outcome of the call it observes.
  }
}

function record(ctx: InvocationContext, event: ResilienceEvent): void {
  const where = `${event.policy} "${event.name}"`;
  const fields = {
    resilience: {
      policy: event.policy,
      name: event.name,
      attempt: event.attempt,
      delayMs: event.delayMs,
      state: event.state,
      origin: event.origin,
      reason: event.reason,
    },
    error: event.error,
  };
  const attributes = { policy: event.policy, name: event.name };
  switch (event.type) {
    case 'retry':
      ctx.log.warn(
        `${where}: attempt ${event.attempt} failed, retrying in ${Math.round(event.delayMs ?? 0)} ms`,
        fields,
      );
      ctx.metrics
        .counter('resilience.retries', { description: 'Retries made by retry policies' })
        .record(1, attributes);
      return;
    case 'break':
    case 'halfOpen':
    case 'reset': {
      const state = event.state ?? 'closed';
      const line = `${where}: circuit ${state === 'halfOpen' ? 'half-open' : state}`;
      // Another instance's transition is news, not an incident of this invocation.
      if (event.origin === 'store') ctx.log.debug(`${line} (seen in the shared store)`, fields);
      else if (event.type === 'break') ctx.log.warn(line, fields);
      else ctx.log.info(line, fields);
      ctx.metrics
        .gauge('resilience.circuit.state', { description: 'Circuit state: 0 closed, 1 half-open, 2 open' })
        .record(CIRCUIT_STATE_VALUE[state], { key: event.name });
      return;
    }
    case 'timeout':
      ctx.log.warn(`${where}: timed out after ${Math.round(event.delayMs ?? 0)} ms`, fields);
      ctx.metrics
        .counter('resilience.timeouts', { description: 'Operations stopped by a timeout' })
        .record(1, attributes);
      return;
    case 'reject':
      ctx.log.debug(`${where}: call rejected`, fields);
      ctx.metrics
        .counter('resilience.rejections', {
          description: 'Calls rejected by a circuit breaker or a bulkhead',
        })
        .record(1, attributes);
      return;
    case 'fallback':
      ctx.log.warn(`${where}: serving the fallback`, fields);
      return;
    default:
      // success and failure reach listeners only: the handler sees the outcome itself.
      return;
  }
}
