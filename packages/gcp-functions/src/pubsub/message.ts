import { isWarmupPayload, type MessageInput, WARMUP_FIELD } from '@faasade/core';
import { NotPubsubMessageError } from '../errors';
import { messageCarrier } from '../tracing/carrier';
import type { GcpCloudEvent, PubsubPushData } from '../types';

/** The Pub/Sub push body of a `messagePublished` CloudEvent; throws when there is none. */
export function pubsubPush(functionName: string, ce: GcpCloudEvent): PubsubPushData {
  const data = ce.data as Partial<PubsubPushData> | undefined;
  if (
    data === null ||
    typeof data !== 'object' ||
    data.message === null ||
    typeof data.message !== 'object'
  ) {
    throw new NotPubsubMessageError(functionName, String(ce.type));
  }
  return data as PubsubPushData;
}

/**
 * The message as the runtime takes it: base64 `data` decoded to bytes (and their UTF-8 text), the attributes, the
 * message id, the publish time, the delivery attempt (`deliveryAttempt` is only sent when the
 * subscription has a dead-letter policy; without one every delivery counts as the first), the
 * subscription as the source, and the message's own trace context.
 */
export function toMessageInput(ce: GcpCloudEvent, push: PubsubPushData): MessageInput {
  const m = push.message;
  const attributes = m.attributes ?? {};
  const bytes = m.data ? Buffer.from(m.data, 'base64') : Buffer.alloc(0);
  return {
    id: m.messageId ?? m.message_id ?? ce.id,
    text: bytes.toString('utf8'),
    bytes,
    attributes,
    deliveryCount: deliveryAttempt(push.deliveryAttempt),
    enqueuedAt: dateOf(m.publishTime ?? m.publish_time ?? ce.time),
    source: push.subscription ?? ce.source,
    carrier: messageCarrier(attributes, ce.traceparent as string | undefined),
    system: 'gcp_pubsub',
  };
}

function deliveryAttempt(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** A date from an RFC 3339 time, or undefined when absent or unreadable. */
export function dateOf(time: string | undefined): Date | undefined {
  if (time === undefined) return undefined;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Whether a message body is a warm-up ping (`{ "faasadeWarmup": true }`), without parsing every body. */
export function isWarmupText(text: string): boolean {
  if (!text.includes(WARMUP_FIELD) && !text.includes('serverless-plugin-warmup')) return false;
  try {
    return isWarmupPayload(JSON.parse(text));
  } catch {
    return false;
  }
}
