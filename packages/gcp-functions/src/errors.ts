import type { MessageInput } from '@faasade/core';

/**
 * Thrown so that functions-framework answers 500 and Pub/Sub delivers the message again (or,
 * on its last allowed attempt, forwards it to the subscription's dead-letter topic). The
 * failure itself was already logged by the runtime, so the stack is one line: functions-framework
 * prints it to stderr and a full stack would only repeat that log line.
 */
export class PubsubRedeliveryError extends Error {
  override readonly name = 'PubsubRedeliveryError';
  readonly messageId: string;

  constructor(message: MessageInput, exhausted: boolean, cause: unknown) {
    super(
      exhausted
        ? `Message ${message.id} failed on its last allowed delivery (${message.deliveryCount}); failing it so the subscription's dead-letter policy forwards it`
        : `Message ${message.id} failed on delivery ${message.deliveryCount}; Pub/Sub will deliver it again`,
      { cause },
    );
    this.messageId = message.id;
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** A CloudEvent reached a queue function without a Pub/Sub message in its data. */
export class NotPubsubMessageError extends TypeError {
  override readonly name = 'NotPubsubMessageError';

  constructor(functionName: string, type: string) {
    super(
      `Queue function "${functionName}" got a "${type}" CloudEvent without data.message; ` +
        'trigger it with a Pub/Sub topic (google.cloud.pubsub.topic.v1.messagePublished)',
    );
  }
}

/** The dead-letter publisher failed: the message is failed too, so Pub/Sub delivers it again rather than losing it. */
export class DeadLetterPublishError extends Error {
  override readonly name = 'DeadLetterPublishError';

  constructor(messageId: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Could not publish message ${messageId} to the dead-letter topic (${reason}); Pub/Sub will deliver it again`,
      {
        cause,
      },
    );
  }
}

/** A scheduled run failed: thrown so the platform records the failure (and Pub/Sub may deliver the tick again). */
export class ScheduledRunError extends Error {
  override readonly name = 'ScheduledRunError';

  constructor(functionName: string, cause: unknown) {
    super(`Scheduled function "${functionName}" failed; see the log line "${functionName} failed"`, {
      cause,
    });
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** An event function failed: thrown so Eventarc records the failure and retries when the trigger allows it. */
export class EventFailedError extends Error {
  override readonly name = 'EventFailedError';

  constructor(functionName: string, eventId: string, cause: unknown) {
    super(
      `Event function "${functionName}" failed on event ${eventId}; see the log line "${functionName} failed"`,
      { cause },
    );
    this.stack = `${this.name}: ${this.message}`;
  }
}
