import type { MessageInput, MessageOutcome, Runtime } from '@faasade/core';
import type { CloudEventFunction } from '@google-cloud/functions-framework';
import { DeadLetterPublishError, PubsubRedeliveryError } from '../errors';
import { eventMeta } from '../event-meta';
import type { GcpPlatform } from '../platform';
import type { PubsubMessage } from '../types';
import { type DeadLetterPublisher, deadLetterMessage } from './dead-letter';
import { isWarmupText, pubsubPush, toMessageInput } from './message';

/** What a queue function answers when it acknowledged a message it gave up on (HTTP 200 body). */
export interface DeadLetterReceipt {
  deadLettered: 'invalid';
  messageId: string;
  /** True when the message was published to the dead-letter topic before it was acknowledged. */
  published: boolean;
}

/**
 * The functions-framework CloudEvent function for one queue function. Pub/Sub has no batches:
 * each message is one invocation, and its outcome is the HTTP answer functions-framework gives.
 */
export function queueFunction(
  runtime: Runtime,
  platform: GcpPlatform,
  functionName: string,
  publisher: DeadLetterPublisher | undefined,
): CloudEventFunction {
  return async (ce) => {
    const push = pubsubPush(functionName, ce);
    const input = toMessageInput(ce, push);
    const outcome = await runtime.message(
      functionName,
      input,
      eventMeta(ce, platform, isWarmupText(input.text)),
    );
    return settle(outcome, input, push.message, publisher);
  };
}

/**
 * Turns the runtime's outcome into Pub/Sub's signal:
 * - ok: return, functions-framework answers 204 and Pub/Sub acknowledges;
 * - retry: throw, functions-framework answers 500 and Pub/Sub delivers it again;
 * - exhausted: throw as well, so that on the subscription's last attempt its dead-letter policy
 *   forwards the message (the runtime already ran `onDeadLetter`);
 * - invalid: it can never succeed, so it is acknowledged (200 with a {@link DeadLetterReceipt})
 *   rather than retried up to the policy's limit, after being published to the dead-letter topic
 *   when a publisher is configured.
 */
async function settle(
  outcome: MessageOutcome,
  input: MessageInput,
  original: PubsubMessage,
  publisher: DeadLetterPublisher | undefined,
): Promise<DeadLetterReceipt | undefined> {
  if (outcome.status === 'ok') return undefined;
  if (outcome.status === 'retry' || outcome.reason === 'exhausted') {
    throw new PubsubRedeliveryError(input, outcome.status !== 'retry', outcome.error);
  }
  if (publisher !== undefined) {
    try {
      await publisher.publish(deadLetterMessage(original, input, outcome.error));
    } catch (error) {
      throw new DeadLetterPublishError(input.id, error);
    }
  }
  return { deadLettered: 'invalid', messageId: input.id, published: publisher !== undefined };
}
