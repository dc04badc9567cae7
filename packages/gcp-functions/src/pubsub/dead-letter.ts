import type { MessageInput } from '@faasade/core';
import type { PubsubMessage } from '../types';

/** A message on its way to the dead-letter topic: the original bytes and attributes, plus why. */
export interface DeadLetterMessage {
  /** The original payload, byte for byte. */
  data: Buffer;
  /**
   * The original attributes plus `faasade_dead_letter_reason` (`invalid`), `faasade_error`,
   * `faasade_message_id`, `faasade_source` (the subscription) and `faasade_delivery_attempt`.
   */
  attributes: Record<string, string>;
  orderingKey?: string;
}

/**
 * Publishes messages that can never succeed to a dead-letter topic. It has the shape of
 * `Topic.publishMessage` from `@google-cloud/pubsub`, so a topic works as it is.
 *
 * @example
 * ```ts
 * import { PubSub } from '@google-cloud/pubsub';
 * import { registerGcpFunctions } from '@faasade/gcp-functions';
 * import { app } from './app';
 * const deadLetters = new PubSub().topic('orders-dead-letter');
 * registerGcpFunctions(app, { deadLetterPublisher: { publish: (m) => deadLetters.publishMessage(m) } });
 * ```
 */
export interface DeadLetterPublisher {
  publish(message: DeadLetterMessage): Promise<unknown>;
}

/** Pub/Sub attribute values are at most 1024 bytes; four bytes a character at worst. */
const MAX_ERROR_CHARS = 256;

/** The dead-letter copy of a message that failed validation. */
export function deadLetterMessage(
  original: PubsubMessage,
  input: MessageInput,
  error: unknown,
): DeadLetterMessage {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const message: DeadLetterMessage = {
    data: Buffer.from(original.data ?? '', 'base64'),
    attributes: {
      ...input.attributes,
      faasade_dead_letter_reason: 'invalid',
      faasade_error: reason.slice(0, MAX_ERROR_CHARS),
      faasade_message_id: input.id,
      faasade_source: input.source,
      faasade_delivery_attempt: String(input.deliveryCount),
    },
  };
  if (original.orderingKey) message.orderingKey = original.orderingKey;
  return message;
}
