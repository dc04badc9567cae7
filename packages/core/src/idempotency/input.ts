import { LightRequest } from '../function/request';
import type { QueueMessage } from '../function/types';

/** The header HTTP callers put their idempotency key in (the IETF draft's name). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The key an HTTP request carries in its `Idempotency-Key` header, if any. */
export function headerKey(req: Request): string | undefined {
  const key = req.headers.get(IDEMPOTENCY_KEY_HEADER)?.trim();
  return key ? key : undefined;
}

/** True for what looks like a queue message of the function model. */
export function isQueueMessage(input: unknown): input is QueueMessage {
  return (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as QueueMessage).id === 'string' &&
    'body' in input
  );
}

/** The body a request carries, without consuming it: the handler reads it after us. */
export async function requestBody(req: Request): Promise<unknown> {
  const raw = req instanceof LightRequest ? req.rawBody : new Uint8Array(await req.clone().arrayBuffer());
  if (raw === undefined) return null;
  const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: compare the exact bytes (as base64, so that invalid UTF-8 can not collide).
    return {
      base64:
        typeof raw === 'string'
          ? Buffer.from(raw, 'utf8').toString('base64')
          : Buffer.from(raw).toString('base64'),
    };
  }
}

/** Method, path and query identify what an HTTP request asks for, besides its body. */
export function requestTarget(req: Request): { method: string; path: string } {
  const url = new URL(req.url);
  return { method: req.method, path: url.pathname + url.search };
}
