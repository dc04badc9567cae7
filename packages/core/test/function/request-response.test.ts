import { createRequest, toHeaders } from '../../src/function/request';
import { binary, json, text, toHttpOutput } from '../../src/function/response';

describe('the lightweight Request', () => {
  const make = (body?: string) =>
    createRequest({
      method: 'POST',
      url: 'https://api.example.com/orders?a=1&a=2',
      headers: { 'content-type': 'application/json', 'x-multi': ['one', 'two'] },
      body,
    });

  it('is a Request to instanceof and reads headers and JSON', async () => {
    const req = make('{"sku":"A"}');
    expect(req).toBeInstanceOf(Request);
    expect(req.method).toBe('POST');
    expect(new URL(req.url).searchParams.getAll('a')).toEqual(['1', '2']);
    expect(req.headers.get('x-multi')).toBe('one, two');
    expect(await req.json()).toEqual({ sku: 'A' });
  });

  it('refuses to read the body twice, as a real Request does', async () => {
    const req = make('{}');
    await req.text();
    expect(req.bodyUsed).toBe(true);
    await expect(req.text()).rejects.toThrow(TypeError);
  });

  it('delegates members it does not implement to a real Request', async () => {
    const req = make('{"x":1}');
    expect(req.cache).toBe('default');
    const copy = req.clone();
    expect(await copy.json()).toEqual({ x: 1 });
    expect(await req.json()).toEqual({ x: 1 });
  });

  it('serves the body as a stream through the real Request', async () => {
    const req = make('hello');
    const reader = req.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe('hello');
  });

  it('drops header values the Fetch spec forbids instead of throwing', () => {
    const h = toHeaders({ good: 'yes', 'bad header': 'x', 'x-bad-value': 'a\nb' });
    expect(h.get('good')).toBe('yes');
    expect([...h.keys()]).toEqual(['good']);
  });
});

describe('responses', () => {
  it('json() is a Response whose output needs no stream', async () => {
    const res = json({ id: 1 }, { status: 201, headers: { 'set-cookie': 'a=1', 'x-a': 'b' } });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 1 });
    expect(await toHttpOutput(res)).toEqual({
      status: 201,
      headers: { 'content-type': 'application/json', 'x-a': 'b' },
      cookies: ['a=1'],
      body: '{"id":1}',
    });
  });

  it('keeps header changes made through the headers object', async () => {
    const res = text('hi');
    res.headers.set('x-late', 'yes');
    expect((await toHttpOutput(res)).headers['x-late']).toBe('yes');
  });

  it('reads a real Response, keeping every Set-Cookie', async () => {
    const headers = new Headers({ 'content-type': 'text/html' });
    headers.append('set-cookie', 'a=1; Path=/');
    headers.append('set-cookie', 'b=2');
    const out = await toHttpOutput(new Response('<p>ü</p>', { status: 418, headers }));
    expect(out).toEqual({
      status: 418,
      headers: { 'content-type': 'text/html' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: '<p>ü</p>',
    });
  });

  it('keeps binary bodies as bytes', async () => {
    const bytes = new Uint8Array([0, 255, 1]);
    expect((await toHttpOutput(binary(bytes))).body).toEqual(bytes);
    expect(
      (await toHttpOutput(new Response(bytes, { headers: { 'content-type': 'image/png' } }))).body,
    ).toEqual(bytes);
  });

  it('turns plain values into JSON, strings into text and nothing into 204', async () => {
    expect(await toHttpOutput({ a: 1 })).toMatchObject({ status: 200, body: '{"a":1}' });
    expect(await toHttpOutput('hi')).toMatchObject({
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'hi',
    });
    expect(await toHttpOutput(undefined)).toMatchObject({ status: 204, body: '' });
  });
});
