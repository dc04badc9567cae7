import { invoke, serve } from '@faasade/core';
import { app } from '../src/app';

const take = (quantity: number) =>
  new Request('http://local/take', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'pear', quantity }),
  });

describe('the example inventory app', () => {
  it('takes stock until none is left, then answers 409', async () => {
    expect((await invoke(app, take(2))).status).toBe(201);
    const res = await invoke(app, take(2));
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('OUT_OF_STOCK');
  });

  it('serves over a real local HTTP server', async () => {
    const server = await serve(app);
    try {
      const res = await fetch(`${server.url}/inventory/apple`);
      expect(await res.json()).toEqual({ sku: 'apple', quantity: 10 });
      const missing = await fetch(`${server.url}/inventory/kiwi`);
      expect(missing.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
