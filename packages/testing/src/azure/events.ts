import { randomUUID } from 'node:crypto';
import type { EventGridEvent } from '@azure/functions';

/**
 * An Event Grid event in the Event Grid schema, as an Event Grid trigger receives it.
 *
 * @example
 * ```ts
 * import { eventGridEvent } from '@faasade/testing/azure';
 * const event = eventGridEvent({ eventType: 'Microsoft.Storage.BlobCreated', subject: '/blobServices/default/containers/c/blobs/b', data: { url: 'https://a/c/b' } });
 * ```
 */
export function eventGridEvent(init: Partial<EventGridEvent> & { eventType: string }): EventGridEvent {
  return {
    id: randomUUID(),
    topic:
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/test/providers/Microsoft.EventGrid/topics/test',
    subject: '',
    eventTime: new Date().toISOString(),
    data: {},
    dataVersion: '1.0',
    metadataVersion: '1',
    ...init,
  };
}
