import { MetadataServerError, MetadataTokenSource, metadataProjectId } from '../src/metadata';
import { PubSubPublishError, PubSubPublisher } from '../src/publisher';
import { type FakeGoogle, startFakeGoogle } from './support/fake-google';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('PubSubPublisher against Pub/Sub REST and the metadata server (a local fake of both)', () => {
  let google: FakeGoogle;
  let clock: number;
  const tokens = () => new MetadataTokenSource({ host: google.host, now: () => clock });
  const publisher = (source = tokens(), attempts = 3) =>
    new PubSubPublisher({
      topic: 'orders',
      project: 'shop-prod',
      endpoint: google.url,
      tokens: source,
      attempts,
    });

  beforeEach(async () => {
    clock = Date.parse('2026-11-24T10:00:00Z');
    google = await startFakeGoogle({ requireToken: true, tokenTtlSeconds: 3600 });
  });
  afterEach(() => google.close());

  it('publishes the message as base64 JSON with its attributes, authorised by the service account token', async () => {
    await publisher().publish({ type: 'order.created', orderId: 'o-1' }, { traceparent: TRACEPARENT });

    expect(google.published).toHaveLength(1);
    const [m] = google.published;
    expect(m).toMatchObject({
      project: 'shop-prod',
      topic: 'orders',
      attributes: { traceparent: TRACEPARENT },
    });
    expect(JSON.parse(m.data.toString('utf8'))).toEqual({ type: 'order.created', orderId: 'o-1' });
    expect(m.authorization).toBe('Bearer ya29.fake-1');
  });

  it('publishes a dead-letter copy byte for byte, as Topic.publishMessage would, and returns its id', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0x00, 0x7d]);
    const id = await publisher().publishMessage({
      data: bytes,
      attributes: { faasade_dead_letter_reason: 'invalid' },
      orderingKey: 'customer-7',
    });

    expect(id).toBe(google.published[0].messageId);
    expect(google.published[0].data.equals(bytes)).toBe(true);
    expect(google.published[0].orderingKey).toBe('customer-7');
  });

  it('asks the metadata server once while the token is valid, and again once it is about to expire', async () => {
    const orders = publisher();
    for (let i = 0; i < 3; i++) await orders.publish({ type: 'order.created', orderId: `o-${i}` }, {});
    expect(google.tokenRequests).toBe(1);

    clock += 3600_000 - 30_000; // inside the refresh margin (60 s before expiry)
    await orders.publish({ type: 'order.created', orderId: 'o-3' }, {});
    expect(google.tokenRequests).toBe(2);
    expect(google.published[3].authorization).toBe('Bearer ya29.fake-2');
  });

  it('shares one token request between concurrent publishes', async () => {
    const orders = publisher();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => orders.publish({ type: 'order.created', orderId: `o-${i}` }, {})),
    );
    expect(google.published).toHaveLength(5);
    expect(google.tokenRequests).toBe(1);
  });

  it('fetches a new token when the API answers 401, and publishes', async () => {
    const orders = publisher();
    await orders.publish({ type: 'order.created', orderId: 'o-1' }, {});
    google.revokeTokens();

    await orders.publish({ type: 'order.created', orderId: 'o-2' }, {});
    expect(google.tokenRequests).toBe(2);
    expect(google.published.map((m) => m.authorization)).toEqual([
      'Bearer ya29.fake-1',
      'Bearer ya29.fake-2',
    ]);
  });

  it('retries a transient 503 and publishes once', async () => {
    google.failPublishes(503, 2);
    await publisher().publish({ type: 'order.created', orderId: 'o-1' }, {});
    expect(google.publishRequests).toBe(3);
    expect(google.published).toHaveLength(1);
  });

  it('does not retry a permission error, and says which topic refused', async () => {
    google.failPublishes(403, 5);
    const failure = publisher().publish({ type: 'order.created', orderId: 'o-1' }, {});
    await expect(failure).rejects.toBeInstanceOf(PubSubPublishError);
    await expect(failure).rejects.toMatchObject({ status: 403, message: expect.stringContaining('orders') });
    expect(google.publishRequests).toBe(1);
  });

  it('sends no credentials to the emulator', async () => {
    const emulator = await startFakeGoogle();
    try {
      const orders = new PubSubPublisher({ topic: 'orders', project: 'local', endpoint: emulator.url });
      await orders.publish({ type: 'order.created', orderId: 'o-1' }, {});
      expect(emulator.published[0]).toMatchObject({ project: 'local', authorization: undefined });
    } finally {
      await emulator.close();
    }
  });
});

describe('the metadata server', () => {
  it('gives the project id (asked with Metadata-Flavor: Google), which a publisher uses when none is configured', async () => {
    const google = await startFakeGoogle({ project: 'shop-staging' });
    try {
      expect(await metadataProjectId({ host: google.host })).toBe('shop-staging');
      const orders = new PubSubPublisher({
        topic: 'orders',
        project: () => metadataProjectId({ host: google.host }),
        endpoint: google.url,
      });
      await orders.publish({ type: 'order.created', orderId: 'o-1' }, {});
      expect(google.published[0].project).toBe('shop-staging');
    } finally {
      await google.close();
    }
  });

  it('fails with a hint when there is no metadata server (outside Google Cloud)', async () => {
    const closed = await startFakeGoogle();
    await closed.close();
    const failure = new MetadataTokenSource({ host: closed.host }).token();
    await expect(failure).rejects.toBeInstanceOf(MetadataServerError);
    await expect(failure).rejects.toThrow(/GOOGLE_CLOUD_PROJECT and PUBSUB_EMULATOR_HOST/);
  });
});
