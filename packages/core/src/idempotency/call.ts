import { currentScope } from '../context/scope';
import type { StateStore } from '../state/types';
import { DEFAULT_IN_PROGRESS_TTL_MS, DEFAULT_TTL_MS, execute } from './engine';
import { fingerprint, sha256 } from './fingerprint';
import { valueCodec } from './result';

/** Options of {@link runIdempotent}. */
export interface IdempotentCallOptions {
  store: StateStore;
  /** The idempotency key of this operation (an order id, a payment id). */
  key: string;
  /** When given, a second call with the same key and another payload is rejected (422). */
  payload?: unknown;
  /** How long the completed result is replayed, in milliseconds (default one hour). */
  ttl?: number;
  /** How long an unfinished call blocks its key when no invocation deadline is known (default 60 s). */
  inProgressTtl?: number;
  /** Keeps keys of different operations apart in one store (default `call`). */
  namespace?: string;
}

/**
 * Runs `fn` once per key and returns its result (a JSON value) to every later call with that
 * key: the plain-call form of {@link idempotent}, for one step inside a handler (a payment, an
 * email) rather than the whole handler.
 *
 * @example
 * ```ts
 * import { runIdempotent } from '@faasade/core/idempotency';
 * import { InMemoryStateStore } from '@faasade/core/state';
 *
 * const store = new InMemoryStateStore();
 * const charge = () => runIdempotent(async () => ({ chargeId: 'ch_1' }), { store, key: 'order-42', payload: { cents: 1999 } });
 * console.log(await charge(), await charge()); // the second call replays { chargeId: 'ch_1' }
 * ```
 */
export function runIdempotent<R>(fn: () => R | Promise<R>, options: IdempotentCallOptions): Promise<R> {
  const ctx = currentScope()?.ctx;
  return execute(
    {
      store: options.store,
      key: `idempotency:${options.namespace ?? 'call'}:${sha256(options.key)}`,
      fingerprint: 'payload' in options ? fingerprint(options.payload) : undefined,
      ttlMs: options.ttl ?? DEFAULT_TTL_MS,
      inProgressTtlMs: options.inProgressTtl ?? DEFAULT_IN_PROGRESS_TTL_MS,
      deadline: undefined,
      log: ctx?.log,
      codec: valueCodec,
    },
    async () => await fn(),
  ) as Promise<R>;
}
