import { HttpRequest, InvocationContext } from '@azure/functions';
import {
  type AzureLogEntry,
  azureHttpRequest,
  azureInvocationContext,
  eventGridEvent,
  escapeDataString,
  hostResponse,
  serviceBusMessage,
  storageQueueMessage,
  timerInfo,
} from '@faasade/testing/azure';

describe('azureHttpRequest', () => {
  it('builds a real HttpRequest with the method, URL, headers, body and route params', async () => {
    const request = new Request('https://app.azurewebsites.net/api/orders/42?a=1&a=2', {
      method: 'POST',
      headers: [
        ['accept', 'text/plain'],
        ['accept', 'application/json'],
        ['x-id', '7'],
      ],
      body: 'hello',
    });
    const azure = await azureHttpRequest(request, { params: { id: '42' } });
    expect(azure).toBeInstanceOf(HttpRequest);
    expect(azure.method).toBe('POST');
    expect(azure.url).toBe('https://app.azurewebsites.net/api/orders/42?a=1&a=2');
    expect(azure.query.getAll('a')).toEqual(['1', '2']);
    expect(azure.headers.get('accept')).toBe('text/plain, application/json');
    expect(azure.params).toEqual({ id: '42' });
    expect(await azure.text()).toBe('hello');
  });

  it('has no body for GET, as the host delivers it', async () => {
    const azure = await azureHttpRequest(new Request('https://h/api/x'));
    expect(azure.body).toBeNull();
  });
});

describe('azureInvocationContext', () => {
  it('builds a real InvocationContext that captures what is logged through it, with the host level names', () => {
    const logs: AzureLogEntry[] = [];
    const context = azureInvocationContext({
      functionName: 'f',
      logs,
      traceParent: '00-a-b-01',
      traceState: 'k=v',
    });
    expect(context).toBeInstanceOf(InvocationContext);
    context.info('count', 3);
    context.warn('careful');
    context.error('broken');
    expect(logs).toEqual([
      { level: 'information', message: 'count 3' },
      { level: 'warning', message: 'careful' },
      { level: 'error', message: 'broken' },
    ]);
    expect(context.traceContext).toEqual({ traceParent: '00-a-b-01', traceState: 'k=v' });
    expect(context.invocationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('queue, timer and event factories', () => {
  it('delivers a storage queue message as the worker does: JSON parsed, text kept, with the host metadata', () => {
    const json = storageQueueMessage(
      { orderId: 'o-1' },
      { id: 'm1', dequeueCount: 3, insertionTime: new Date('2026-01-01T00:00:00Z') },
    );
    expect(json.entry).toEqual({ orderId: 'o-1' });
    expect(json.triggerMetadata).toMatchObject({
      id: 'm1',
      dequeueCount: 3,
      insertionTime: '2026-01-01T00:00:00.000Z',
    });
    expect(storageQueueMessage('plain text').entry).toBe('plain text');
    expect(storageQueueMessage('{"a":1}').entry).toEqual({ a: 1 });
  });

  it('delivers a Service Bus message with its delivery count and application properties', () => {
    const m = serviceBusMessage(
      { a: 1 },
      { messageId: 'sb', deliveryCount: 2, applicationProperties: { tenant: 't' } },
    );
    expect(m.triggerMetadata).toMatchObject({
      messageId: 'sb',
      deliveryCount: 2,
      applicationProperties: { tenant: 't' },
    });
  });

  it('builds the Timer and the Event Grid event a function receives', () => {
    const next = new Date('2026-01-01T10:00:00Z');
    expect(timerInfo({ isPastDue: true, next })).toMatchObject({
      isPastDue: true,
      scheduleStatus: { next: next.toISOString() },
    });
    expect(eventGridEvent({ eventType: 'X.Created', subject: 's' })).toMatchObject({
      eventType: 'X.Created',
      subject: 's',
      dataVersion: '1.0',
      metadataVersion: '1',
    });
  });
});

describe('hostResponse', () => {
  it('sends one value per header name and writes cookies the way ASP.NET Core does', async () => {
    const res = await hostResponse({
      status: 201,
      headers: { 'content-type': 'text/plain', 'x-a': '1' },
      cookies: [
        { name: 'sid', value: 'a b+c/d=', path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 },
        { name: 'x', value: 'y', expires: new Date('2026-10-21T07:28:00Z'), secure: true, domain: 'e.com' },
      ],
      body: 'made',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-a')).toBe('1');
    expect(res.headers.getSetCookie()).toEqual([
      'sid=a%20b%2Bc%2Fd%3D; max-age=60; path=/; samesite=lax; httponly',
      'x=y; expires=Wed, 21 Oct 2026 07:28:00 GMT; domain=e.com; secure',
    ]);
    expect(await res.text()).toBe('made');
  });

  it('sends no body with a 204', async () => {
    const res = await hostResponse({ status: 204, body: 'ignored' });
    expect(res.body).toBeNull();
  });

  it("escapes like .NET's Uri.EscapeDataString", () => {
    expect(escapeDataString("a!b'c(d)e*f~g_h.i-j")).toBe('a%21b%27c%28d%29e%2Af~g_h.i-j');
  });
});
