import { createRequest } from '@faasade/core/function';

/** A JSON POST as the HTTP pipeline builds it; `key: null` sends no Idempotency-Key header. */
export function post(body: unknown, key: string | null = 'key-1', path = '/orders'): Request {
  return createRequest({
    method: 'POST',
    url: `https://api.example.com${path}`,
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'idempotency-key': key }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
