import type { InvocationContext } from '@azure/functions';
import { type MessageInput, parseTraceparent, type TraceCarrier } from '@faasade/core';

const decoder = new TextDecoder();

/**
 * The message as text. The worker hands over a body that parses as JSON already parsed, and a
 * binary one as a Buffer, so this turns them back: JSON is written again (the same value,
 * perhaps not the same spacing), bytes are decoded as UTF-8.
 */
export function messageText(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  if (entry instanceof Uint8Array) return decoder.decode(entry);
  return JSON.stringify(entry) ?? '';
}

/**
 * A storage queue message: `dequeueCount` is the delivery count, `id` and `insertionTime` come
 * from the trigger metadata. Storage queue messages have no attributes, and the host starts a new
 * operation for every queue invocation, so the trace a message continues travels in its body: a
 * JSON object with a valid W3C `traceparent` field (and optionally `tracestate`) is the
 * message's trace context (see {@link bodyTraceCarrier}).
 */
export function storageQueueInput(
  entry: unknown,
  context: InvocationContext,
  queueName: string,
): MessageInput {
  const meta = context.triggerMetadata ?? {};
  const input: MessageInput = {
    id: stringOf(meta.id) ?? context.invocationId,
    text: messageText(entry),
    bytes: entry instanceof Uint8Array ? entry : undefined,
    attributes: {},
    deliveryCount: countOf(meta.dequeueCount),
    enqueuedAt: dateOf(meta.insertionTime),
    source: queueName,
    system: 'azure_storage_queue',
  };
  const carrier = bodyTraceCarrier(entry);
  if (carrier) input.carrier = carrier;
  return input;
}

/**
 * The trace context a storage queue message carries in its body: the `traceparent` (and
 * `tracestate`) fields of a JSON object, when the traceparent is valid W3C. A publisher writes
 * them next to its own fields: `{ ...order, traceparent: formatTraceparent(ctx.trace) }`
 * (`formatTraceparent` from `@faasade/core/telemetry`).
 *
 * @example
 * ```ts
 * import { bodyTraceCarrier } from '@faasade/azure-functions';
 * bodyTraceCarrier({ orderId: 'o-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
 * // { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }
 * ```
 */
export function bodyTraceCarrier(entry: unknown): TraceCarrier | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || entry instanceof Uint8Array)
    return undefined;
  const { traceparent, tracestate } = entry as Record<string, unknown>;
  if (typeof traceparent !== 'string' || !parseTraceparent(traceparent)) return undefined;
  return typeof tracestate === 'string' && tracestate !== '' ? { traceparent, tracestate } : { traceparent };
}

/**
 * A Service Bus message: `deliveryCount`, `messageId`, `enqueuedTimeUtc`, and the application
 * properties as attributes.
 */
export function serviceBusInput(entry: unknown, context: InvocationContext, queueName: string): MessageInput {
  const meta = context.triggerMetadata ?? {};
  const properties = (meta.applicationProperties ?? meta.userProperties) as
    | Record<string, unknown>
    | undefined;
  const attributes: Record<string, string> = {};
  if (properties && typeof properties === 'object') {
    for (const [key, value] of Object.entries(properties)) {
      if (value !== undefined && value !== null)
        attributes[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return {
    id: stringOf(meta.messageId) ?? context.invocationId,
    text: messageText(entry),
    bytes: entry instanceof Uint8Array ? entry : undefined,
    attributes,
    deliveryCount: countOf(meta.deliveryCount),
    enqueuedAt: dateOf(meta.enqueuedTimeUtc),
    source: queueName,
    system: 'servicebus',
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

function countOf(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
