import type { InvocationContext } from '../context/context';
import { PermanentError } from '../function/errors';
import type { StateStore } from '../state/types';
import { DEFAULT_IN_PROGRESS_TTL_MS, DEFAULT_TTL_MS, execute } from './engine';
import { IdempotencyKeyMissingError, IdempotencyPayloadMismatchError } from './errors';
import { fingerprint, sha256 } from './fingerprint';
import { headerKey, isQueueMessage, requestBody, requestTarget } from './input';
import { httpCodec, type ResultCodec, valueCodec } from './result';

/** Options of {@link idempotent}. `I` is what the handler receives: a `Request` or a queue message. */
export interface IdempotencyOptions<I> {
  /** Where records live. Use a shared store (Redis, DynamoDB, Azure Tables) across instances. */
  store: StateStore;
  /**
   * The idempotency key of an input. Default: the `Idempotency-Key` header of a request, the
   * `id` of a queue message. Return `undefined` when the input has none.
   */
  key?: (input: I, ctx: InvocationContext) => string | undefined | Promise<string | undefined>;
  /** How long a completed result is replayed, in milliseconds (default one hour). */
  ttl?: number;
  /**
   * Reject a duplicate whose payload differs from the first (default true). The payload is the
   * request's method, path and body, or the message's body; pass a function to compare only
   * part of the body (`(body) => body.orderId`).
   */
  payloadValidation?: boolean | ((body: unknown) => unknown);
  /**
   * How long an unfinished attempt blocks its key, in milliseconds, when the invocation has no
   * deadline (default 60 s). With a deadline, the record expires at the deadline.
   */
  inProgressTtl?: number;
  /** Without a key: `true` rejects the input (400 `IDEMPOTENCY_KEY_MISSING`); default runs it without idempotency. */
  required?: boolean;
  /** Keeps keys of different functions apart in one store. Default: the function's name. */
  namespace?: string;
}

type Handler<I, R> = (input: I, ctx: InvocationContext) => R | Promise<R>;

/**
 * Makes an HTTP or queue handler idempotent: the first input with a key runs; a duplicate gets
 * the first result, replayed from the store, or a 409 while the first is still running. A
 * failed attempt (an error, or a 5xx response) leaves nothing behind, so a retry runs again.
 *
 * In a queue function, a reused key with another payload or a missing required key become a
 * `PermanentError`, so the message is dead-lettered at once instead of retried.
 *
 * @example
 * ```ts
 * import { defineApp, http, json, queue } from '@faasade/core';
 * import { idempotent } from '@faasade/core/idempotency';
 * import { InMemoryStateStore } from '@faasade/core/state';
 *
 * const store = new InMemoryStateStore();
 * export const app = defineApp({
 *   service: 'orders',
 *   functions: {
 *     createOrder: http(
 *       { method: 'POST', route: '/orders' },
 *       idempotent(async (req) => json({ id: crypto.randomUUID(), ...(await req.json()) }, { status: 201 }), {
 *         store,
 *         required: true,
 *       }),
 *     ),
 *     shipOrder: queue({ queue: 'orders' }, idempotent(async (msg) => ({ shipped: msg.id }), { store })),
 *   },
 * });
 * ```
 */
export function idempotent<I, R>(
  handler: Handler<I, R>,
  options: IdempotencyOptions<I>,
): (input: I, ctx: InvocationContext) => Promise<Awaited<R>> {
  return async (input, ctx): Promise<Awaited<R>> => {
    const http = input instanceof Request;
    try {
      const key = await (options.key ? options.key(input, ctx) : defaultKey(input));
      if (key === undefined || key === '') {
        if (options.required)
          throw new IdempotencyKeyMissingError(
            http ? 'the request has no Idempotency-Key header' : 'the key function returned none',
          );
        return await handler(input, ctx);
      }
      const namespace = options.namespace ?? ctx?.functionName ?? 'default';
      return await execute<Awaited<R>>(
        {
          store: options.store,
          key: `idempotency:${namespace}:${sha256(key)}`,
          fingerprint: await payloadFingerprint(input, options.payloadValidation ?? true),
          ttlMs: options.ttl ?? DEFAULT_TTL_MS,
          inProgressTtlMs: options.inProgressTtl ?? DEFAULT_IN_PROGRESS_TTL_MS,
          deadline: ctx?.deadline,
          log: ctx?.log,
          codec: (http ? httpCodec : valueCodec) as ResultCodec<Awaited<R>>,
        },
        async (): Promise<Awaited<R>> => await handler(input, ctx),
      );
    } catch (error) {
      throw http ? error : forQueue(error);
    }
  };
}

function defaultKey(input: unknown): string | undefined {
  if (input instanceof Request) return headerKey(input);
  if (isQueueMessage(input)) return input.id;
  return undefined;
}

async function payloadFingerprint(
  input: unknown,
  validation: boolean | ((body: unknown) => unknown),
): Promise<string | undefined> {
  if (validation === false) return undefined;
  const select = validation === true ? (body: unknown) => body : validation;
  if (input instanceof Request)
    return fingerprint({ ...requestTarget(input), body: select(await requestBody(input)) });
  return fingerprint(select(isQueueMessage(input) ? input.body : input));
}

/** A queue retries whatever fails; these can never succeed, so they must be dead-lettered instead. */
function forQueue(error: unknown): unknown {
  if (error instanceof IdempotencyPayloadMismatchError || error instanceof IdempotencyKeyMissingError) {
    return new PermanentError(error.message, { cause: error });
  }
  return error;
}
