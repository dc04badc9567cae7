import {
  circuitBreaker,
  consecutive,
  type PipelinePolicy,
  pipeline,
  retry,
  timeout,
} from '@faasade/core/resilience';
import type { StateStore } from '@faasade/core/state';
import type { Order } from '../domain/types';

/** What a charge attempt ended as, when it ended with an answer. */
export type ChargeResult = { status: 'captured'; paymentId: string } | { status: 'declined'; reason: string };

/** Charges orders. A transient failure (outage, timeout, open circuit) is thrown; a decline is returned. */
export interface PaymentClient {
  /** `traceparent` continues the caller's trace when no traced fetch injects a child span's. */
  charge(order: Order, signal?: AbortSignal, traceparent?: string): Promise<ChargeResult>;
}

/** The payment service answered with a status that may pass (5xx, 429): worth retrying. */
export class PaymentUnavailableError extends Error {
  override readonly name = 'PaymentUnavailableError';
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, headers: Record<string, string>) {
    super(`The payment service answered ${status}; the charge will be retried`);
    this.status = status;
    this.headers = headers;
  }
}

/** The payment service refused the request itself (a 4xx other than a decline): a bug, not an outage. */
export class PaymentRequestError extends Error {
  override readonly name = 'PaymentRequestError';
  readonly status: number;
  constructor(status: number, detail: string) {
    super(`The payment service rejected the charge request (${status}): ${detail}`);
    this.status = status;
  }
}

export interface HttpPaymentClientOptions {
  baseUrl: string;
  /** Where the circuit breaker's state is shared across instances. */
  breakerStore?: StateStore;
  /** The fetch to call through (a traced one continues the trace). Default: global fetch. */
  fetch?: typeof fetch;
  /** Tuning; the defaults suit a payment call inside a 30 s queue invocation. */
  attempts?: number;
  attemptTimeoutMs?: number;
  totalTimeoutMs?: number;
  breakAfterFailures?: number;
  halfOpenAfterMs?: number;
}

/**
 * Charges through the payment service's HTTP API, behind `pipeline(timeout, retry,
 * circuitBreaker, timeout)`: the total timeout bounds everything, each attempt has its own, a
 * transient failure is retried with jittered backoff inside the invocation's deadline, and after
 * consecutive failures the circuit opens for every instance sharing the breaker store, so an
 * outage is not hammered. The order id is the Idempotency-Key: a retried or redelivered charge
 * never charges twice.
 *
 * @example
 * ```ts
 * import { HttpPaymentClient } from '@faasade/orders';
 * const payments = new HttpPaymentClient({ baseUrl: 'http://127.0.0.1:4010' });
 * // await payments.charge(order, ctx.signal) inside a queue handler
 * ```
 */
export class HttpPaymentClient implements PaymentClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly policy: PipelinePolicy<never>;

  constructor(options: HttpPaymentClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.policy = pipeline(
      timeout(options.totalTimeoutMs ?? 10_000),
      retry({ maxAttempts: options.attempts ?? 3, name: 'payments.retry' }),
      circuitBreaker({
        key: 'payments',
        breaker: consecutive(options.breakAfterFailures ?? 5),
        halfOpenAfter: options.halfOpenAfterMs ?? 5_000,
        store: options.breakerStore,
      }),
      timeout(options.attemptTimeoutMs ?? 2_000, { strategy: 'aggressive' }),
    ) as PipelinePolicy<never>;
  }

  charge(order: Order, signal?: AbortSignal, traceparent?: string): Promise<ChargeResult> {
    return this.policy.execute(async ({ signal: attemptSignal }) => {
      const res = await this.fetch(`${this.baseUrl}/charges`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `order-${order.id}`,
          ...(traceparent ? { traceparent } : {}),
        },
        body: JSON.stringify({ orderId: order.id, customer: order.customer, amountCents: order.amountCents }),
        signal: attemptSignal,
      });
      const body = (await res.json().catch(() => ({}))) as { id?: string; code?: string; message?: string };
      if (res.ok && body.id) return { status: 'captured', paymentId: body.id };
      if (res.status === 402) return { status: 'declined', reason: body.message ?? body.code ?? 'declined' };
      if (res.status >= 500 || res.status === 429 || res.status === 408) {
        throw new PaymentUnavailableError(res.status, Object.fromEntries(res.headers));
      }
      throw new PaymentRequestError(res.status, body.code ?? 'unknown');
    }, signal);
  }
}
