/**
 * The shapes of Google Cloud Functions this adapter reads, written for what it uses. HTTP
 * functions get functions-framework's Express request and response; every other trigger arrives
 * as a CloudEvent (Eventarc), in binary or structured mode, which functions-framework parses.
 */
import type { CloudEvent as FrameworkCloudEvent, Request, Response } from '@google-cloud/functions-framework';

/** The Express request functions-framework passes to an HTTP function; `rawBody` holds the bytes. */
export type GcpRequest = Request;
/** The Express response functions-framework passes to an HTTP function. */
export type GcpResponse = Response;
/** A CloudEvent as functions-framework hands it to a CloudEvent function. */
export type GcpCloudEvent = FrameworkCloudEvent<unknown>;

/** The CloudEvent type of a Pub/Sub message delivered through Eventarc. */
export const PUBSUB_MESSAGE_PUBLISHED = 'google.cloud.pubsub.topic.v1.messagePublished';

/** A Pub/Sub message as a push subscription (and so Eventarc) delivers it. */
export interface PubsubMessage {
  /** The payload, base64. Absent when the message has only attributes. */
  data?: string;
  attributes?: Record<string, string>;
  messageId?: string;
  /** Eventarc repeats the ids and times in snake case. */
  message_id?: string;
  publishTime?: string;
  publish_time?: string;
  orderingKey?: string;
}

/** The `data` of a `messagePublished` CloudEvent: the Pub/Sub push body. */
export interface PubsubPushData {
  message: PubsubMessage;
  /** `projects/<project>/subscriptions/<subscription>`. */
  subscription?: string;
  /** Present only when the subscription has a dead-letter policy: 1 on the first delivery. */
  deliveryAttempt?: number;
}
