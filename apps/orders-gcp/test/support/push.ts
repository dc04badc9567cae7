import { cloudEventRequest, pubsubCloudEvent } from '@faasade/testing/gcp';
import type { PublishedMessage } from './fake-google';

/**
 * Delivers a published message the way Eventarc pushes it to a Cloud Run function: the
 * `messagePublished` CloudEvent in binary mode, with the subscription's delivery attempt (sent
 * because the subscription has a dead-letter policy).
 */
export function pushToFunction(
  url: string,
  message: PublishedMessage,
  deliveryAttempt: number,
): Promise<Response> {
  const ce = pubsubCloudEvent({
    data: message.data,
    attributes: message.attributes,
    messageId: message.messageId,
    deliveryAttempt,
    topic: message.topic,
    subscription: `eventarc-europe-west1-orders-processorder-${message.topic}-sub-001`,
  });
  return fetch(cloudEventRequest(url, ce, 'binary'));
}
