import type { EventGridEvent } from '@azure/functions';
import type { CloudEvent } from '@faasade/core';

/**
 * Converts what an Event Grid trigger receives into a CloudEvent 1.0. A subscription with the
 * CloudEvents schema delivers one already (kept as it is); the Event Grid schema maps `topic`
 * to `source`, `eventType` to `type`, `eventTime` to `time`, and keeps `dataVersion` as the
 * `dataversion` extension.
 *
 * @example
 * ```ts
 * import { toCloudEvent } from '@faasade/azure-functions';
 * toCloudEvent({ id: '1', topic: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a',
 *   subject: '/blobServices/default/containers/c/blobs/b', eventType: 'Microsoft.Storage.BlobCreated',
 *   eventTime: '2026-11-24T10:00:00Z', data: { url: 'https://a.blob.core.windows.net/c/b' }, dataVersion: '1', metadataVersion: '1' });
 * // { specversion: '1.0', type: 'Microsoft.Storage.BlobCreated', source: '/subscriptions/s/...', ... }
 * ```
 */
export function toCloudEvent(event: unknown): CloudEvent {
  if (isCloudEvent(event)) return event;
  const e = event as Partial<EventGridEvent>;
  const ce: CloudEvent = {
    specversion: '1.0',
    id: String(e.id ?? ''),
    source: e.topic ?? '',
    type: e.eventType ?? '',
    datacontenttype: 'application/json',
  };
  if (e.subject) ce.subject = e.subject;
  if (e.eventTime) ce.time = e.eventTime;
  if (e.data !== undefined) ce.data = e.data;
  if (e.dataVersion) ce.dataversion = e.dataVersion;
  return ce;
}

function isCloudEvent(event: unknown): event is CloudEvent {
  return (
    typeof event === 'object' && event !== null && (event as { specversion?: unknown }).specversion === '1.0'
  );
}
