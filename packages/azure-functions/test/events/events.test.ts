import { toCloudEvent } from '@faasade/azure-functions';
import { type CloudEvent, defineApp, event } from '@faasade/core';
import { azureInvocationContext, eventGridEvent } from '@faasade/testing/azure';
import { as, registered } from '../support';

describe('toCloudEvent', () => {
  it('maps the Event Grid schema to CloudEvents 1.0', () => {
    const e = eventGridEvent({
      id: 'evt-1',
      topic: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct',
      subject: '/blobServices/default/containers/c/blobs/b.txt',
      eventType: 'Microsoft.Storage.BlobCreated',
      eventTime: '2026-11-24T10:00:00Z',
      data: { url: 'https://acct.blob.core.windows.net/c/b.txt' },
      dataVersion: '2',
    });
    expect(toCloudEvent(e)).toEqual({
      specversion: '1.0',
      id: 'evt-1',
      source: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct',
      subject: '/blobServices/default/containers/c/blobs/b.txt',
      type: 'Microsoft.Storage.BlobCreated',
      time: '2026-11-24T10:00:00Z',
      datacontenttype: 'application/json',
      data: { url: 'https://acct.blob.core.windows.net/c/b.txt' },
      dataversion: '2',
    });
  });

  it('keeps an event delivered with the CloudEvents schema as it is', () => {
    const ce: CloudEvent = {
      specversion: '1.0',
      id: '1',
      source: '/x',
      type: 'orders.created',
      data: { id: 'o-1' },
      traceparent: 't',
    };
    expect(toCloudEvent(ce)).toBe(ce);
  });
});

describe('Azure Event Grid trigger', () => {
  const seen: CloudEvent[] = [];
  const app = defineApp({
    service: 'storage-events',
    functions: {
      blobCreated: event({ type: 'Microsoft.Storage.BlobCreated' }, (ce, ctx) => {
        seen.push(ce);
        if (ce.subject === 'fail') throw new Error('cannot index');
        if (ce.subject === 'trace') seen.push({ ...ce, data: ctx.trace });
      }),
    },
  });
  const handler = as(registered(app)('blobCreated'), 'eventGrid').handler;

  beforeEach(() => {
    seen.length = 0;
  });

  it('hands the event over as a CloudEvent', async () => {
    await handler(
      eventGridEvent({ eventType: 'Microsoft.Storage.BlobCreated', subject: 'a' }),
      azureInvocationContext(),
    );
    expect(seen.map((ce) => [ce.type, ce.subject])).toEqual([['Microsoft.Storage.BlobCreated', 'a']]);
  });

  it('ignores types the function does not handle', async () => {
    await handler(eventGridEvent({ eventType: 'Microsoft.Storage.BlobDeleted' }), azureInvocationContext());
    expect(seen).toEqual([]);
  });

  it('throws when the handler fails, so that Event Grid retries the delivery', async () => {
    const failing = eventGridEvent({ eventType: 'Microsoft.Storage.BlobCreated', subject: 'fail' });
    await expect(handler(failing, azureInvocationContext())).rejects.toThrow('cannot index');
  });

  it("continues the CloudEvent's own traceparent", async () => {
    const ce: CloudEvent = {
      specversion: '1.0',
      id: '1',
      source: '/x',
      type: 'Microsoft.Storage.BlobCreated',
      subject: 'trace',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    };
    await handler(
      ce,
      azureInvocationContext({ traceParent: '00-11111111111111111111111111111111-2222222222222222-01' }),
    );
    expect(seen[1].data).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      sampled: true,
    });
  });
});
