import { type CloudEvent, defineApp, event } from '@faasade/core';
import { registerGcpFunctions } from '@faasade/gcp-functions';
import { type CloudEventMode, cloudEventRequest } from '@faasade/testing/gcp';
import { captureLogs, closeAll, type Served, serve } from './support';

const received: { event: CloudEvent; raw: unknown }[] = [];
const app = defineApp({
  service: 'media',
  functions: {
    onUpload: event({ type: 'google.cloud.storage.object.v1.finalized' }, (ce, ctx) => {
      if ((ce.data as { name?: string }).name === 'corrupt.png') throw new Error('cannot read image');
      received.push({ event: ce, raw: ctx.raw.event });
    }),
  },
});

const uploaded = (name: string): CloudEvent => ({
  specversion: '1.0',
  id: `evt-${name}`,
  source: '//storage.googleapis.com/projects/_/buckets/uploads',
  type: 'google.cloud.storage.object.v1.finalized',
  subject: `objects/${name}`,
  time: '2026-11-24T10:00:00.000Z',
  datacontenttype: 'application/json',
  data: { bucket: 'uploads', name },
});

let server: Served;
const logs = captureLogs();
const stderr = jest.spyOn(console, 'error').mockImplementation(() => {});
beforeAll(async () => {
  registerGcpFunctions(app);
  server = await serve('onUpload');
});
afterAll(async () => {
  logs.restore();
  stderr.mockRestore();
  await closeAll();
});
beforeEach(() => {
  received.length = 0;
});

describe.each<CloudEventMode>(['binary', 'structured'])('an Eventarc CloudEvent in %s mode', (mode) => {
  it('reaches the handler as it arrived, the same object as ctx.raw.event', async () => {
    const res = await fetch(cloudEventRequest(server.url, uploaded('cat.png'), mode));
    expect(res.status).toBe(204);
    expect(received).toHaveLength(1);
    expect(received[0].event).toMatchObject({
      id: 'evt-cat.png',
      type: 'google.cloud.storage.object.v1.finalized',
      source: '//storage.googleapis.com/projects/_/buckets/uploads',
      subject: 'objects/cat.png',
      data: { bucket: 'uploads', name: 'cat.png' },
    });
    expect(received[0].raw).toBe(received[0].event);
  });
});

describe('event outcomes', () => {
  it('fails the invocation when the handler throws, so Eventarc can retry', async () => {
    const res = await fetch(cloudEventRequest(server.url, uploaded('corrupt.png'), 'binary'));
    expect(res.status).toBe(500);
  });

  it('acknowledges an event type the function does not handle without running it', async () => {
    const res = await fetch(
      cloudEventRequest(
        server.url,
        { ...uploaded('x'), type: 'google.cloud.storage.object.v1.deleted' },
        'structured',
      ),
    );
    expect(res.status).toBe(204);
    expect(received).toEqual([]);
  });
});
