import type { InvocationInfo, InvocationObserver, InvocationOutcome } from '../../../src/context/observer';

let sequence = 0;

/** An HTTP invocation as an adapter would describe it; override what a test is about. */
export function httpInfo(overrides: Partial<InvocationInfo> = {}): InvocationInfo {
  sequence += 1;
  return {
    service: 'orders',
    functionName: 'getOrder',
    cloud: 'aws',
    trigger: 'http',
    invocationId: `inv-${sequence}`,
    coldStart: false,
    startTime: Date.now(),
    http: {
      method: 'GET',
      route: '/orders/:id',
      path: '/orders/42',
      query: 'verbose=1',
      scheme: 'https',
      host: 'api.example.com',
    },
    ...overrides,
  };
}

/** One message of a queue batch, with its own trace carrier. */
export function messageInfo(overrides: Partial<InvocationInfo> = {}): InvocationInfo {
  sequence += 1;
  return {
    service: 'orders',
    functionName: 'processOrder',
    cloud: 'aws',
    trigger: 'pubsub',
    invocationId: `msg-${sequence}`,
    coldStart: false,
    startTime: Date.now(),
    messaging: { system: 'aws_sqs', destination: 'orders', messageId: `m-${sequence}`, deliveryCount: 1 },
    ...overrides,
  };
}

/**
 * Drives an observer the way the runtime does: start, run the handler inside the observation,
 * end with the outcome, flush. Returns the handler's result and the observation's trace ids.
 */
export async function observe<T>(
  observer: InvocationObserver,
  info: InvocationInfo,
  handler: () => T | Promise<T>,
  outcome: (result: { value?: T; error?: unknown }) => InvocationOutcome = (r) => ({ error: r.error }),
  flushMs = 5000,
) {
  const observation = observer.start(info);
  let result: { value?: T; error?: unknown };
  try {
    result = { value: await observation.run(handler) };
  } catch (error) {
    result = { error };
  }
  observation.end(outcome(result));
  await observer.flush(flushMs);
  return { ...result, traceIds: observation.traceIds };
}

/** A `traceparent` for a fresh remote parent. */
export function remoteParent(sampled = true): { traceparent: string; traceId: string; spanId: string } {
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const traceId = `1${hex(31)}`;
  const spanId = `2${hex(15)}`;
  return { traceparent: `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`, traceId, spanId };
}
