import { HttpRequest } from '@azure/functions';
import { clientIp, readBytes, withoutPrefix } from '../../src/http/request';

describe('withoutPrefix', () => {
  it('removes the route prefix as a whole first segment, in any case', () => {
    expect(withoutPrefix('/api/orders/1', 'api')).toBe('/orders/1');
    expect(withoutPrefix('/API/orders', 'api')).toBe('/orders');
    expect(withoutPrefix('/api', 'api')).toBe('/');
    expect(withoutPrefix('/api/', 'api')).toBe('/');
  });

  it('leaves paths that only start with the same letters, and every path when there is no prefix', () => {
    expect(withoutPrefix('/apiary/1', 'api')).toBe('/apiary/1');
    expect(withoutPrefix('/orders', 'api')).toBe('/orders');
    expect(withoutPrefix('/api/orders', '')).toBe('/api/orders');
  });
});

describe('clientIp', () => {
  it('takes the first X-Forwarded-For address without the port App Service adds', () => {
    expect(clientIp('203.0.113.7:51234, 10.0.0.1')).toBe('203.0.113.7');
    expect(clientIp('203.0.113.7')).toBe('203.0.113.7');
    expect(clientIp('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(clientIp('2001:db8::1')).toBe('2001:db8::1');
  });

  it('has no address without the header', () => {
    expect(clientIp(undefined)).toBeUndefined();
    expect(clientIp('')).toBeUndefined();
  });
});

describe('readBytes', () => {
  const streamOf = (chunks: Uint8Array[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    }) as unknown as NonNullable<HttpRequest['body']>;

  it('reads the same bytes as arrayBuffer() from a real request body', async () => {
    const body = JSON.stringify({ orderId: 'o-1', text: 'ünïcødé' });
    const make = () =>
      new HttpRequest({ method: 'POST', url: 'https://x.azurewebsites.net/api/o', body: { string: body } });
    const expected = new Uint8Array(await make().arrayBuffer());
    const request = make();
    const bytes = await readBytes(request.body as NonNullable<HttpRequest['body']>);
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
    expect(request.bodyUsed).toBe(true);
  });

  it('joins several chunks in order, and gives no bytes for an empty stream', async () => {
    const bytes = await readBytes(streamOf([Uint8Array.of(1, 2), Uint8Array.of(3), Uint8Array.of(4, 5, 6)]));
    expect([...bytes]).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await readBytes(streamOf([]))).byteLength).toBe(0);
  });

  it('fails as the stream fails', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    }) as unknown as NonNullable<HttpRequest['body']>;
    await expect(readBytes(failing)).rejects.toThrow('connection reset');
  });
});
