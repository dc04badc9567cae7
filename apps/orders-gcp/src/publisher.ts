import { classifyError, type PipelinePolicy, pipeline, retry, timeout } from '@faasade/core/resilience';
import type { OrderCreated, OrderEvents } from '@faasade/orders';
import type { AccessTokenSource } from './metadata';

/** Pub/Sub refused or failed a publish; `status` is the HTTP status (401, 403, 404, 429, 5xx). */
export class PubSubPublishError extends Error {
  override readonly name = 'PubSubPublishError';
  readonly status: number;
  constructor(topic: string, status: number, detail: string) {
    super(`Publishing to ${topic} failed with HTTP ${status}: ${detail}`);
    this.status = status;
  }
}

export interface PubSubPublisherOptions {
  /** The topic id (`orders`), in `project`. */
  topic: string;
  /** The project id, or how to find it (the metadata server) the first time it is needed. */
  project: string | (() => Promise<string>);
  /** `https://pubsub.googleapis.com` (default), or `http://<PUBSUB_EMULATOR_HOST>`. */
  endpoint?: string;
  /** Bearer tokens for the API; none for the emulator. */
  tokens?: AccessTokenSource;
  fetch?: typeof fetch;
  /** Attempts per publish, the first included (default 3); 408/429/5xx and network errors are retried. */
  attempts?: number;
  /** Per attempt (default 5 s) and for the whole publish (default 15 s). */
  attemptTimeoutMs?: number;
  totalTimeoutMs?: number;
}

/** One message as the REST API takes it. */
export interface PubSubMessage {
  data: Buffer | string;
  attributes?: Record<string, string>;
  orderingKey?: string;
}

/**
 * Publishes to a Pub/Sub topic over its REST API (`topics.publish`), without the 3 MB client
 * library: the payload base64 in `data`, the attributes as they are (the app's `traceparent`
 * among them). Transient failures are retried with backoff inside a total timeout; a 401 fetches
 * a new token and tries again. It is the app's {@link OrderEvents}; `publishMessage` has the shape
 * of `Topic.publishMessage`, which the adapter's `DeadLetterPublisher` takes.
 *
 * @example
 * ```ts
 * import { MetadataTokenSource } from './metadata';
 * import { PubSubPublisher } from './publisher';
 * const orders = new PubSubPublisher({ topic: 'orders', project: 'shop-prod', tokens: new MetadataTokenSource() });
 * await orders.publish({ type: 'order.created', orderId: 'o-1' }, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
 * ```
 */
export class PubSubPublisher implements OrderEvents {
  private readonly options: PubSubPublisherOptions;
  private readonly endpoint: string;
  private readonly fetch: typeof fetch;
  private readonly policy: PipelinePolicy<never>;
  private project: Promise<string> | undefined;

  constructor(options: PubSubPublisherOptions) {
    this.options = options;
    this.endpoint = (options.endpoint ?? 'https://pubsub.googleapis.com').replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.policy = pipeline(
      timeout(options.totalTimeoutMs ?? 15_000),
      retry({
        maxAttempts: options.attempts ?? 3,
        name: 'pubsub.publish',
        // A 401 is an expired or revoked token: worth one more try with a fresh one.
        retryOn: (error, attempt) =>
          error instanceof PubSubPublishError && error.status === 401 ? attempt === 1 : classifyError(error),
      }),
      timeout(options.attemptTimeoutMs ?? 5_000, { strategy: 'aggressive' }),
    ) as PipelinePolicy<never>;
  }

  /** The `OrderEvents` port: the message as JSON, with its attributes (the trace context among them). */
  async publish(message: OrderCreated, attributes: Record<string, string>): Promise<void> {
    await this.publishMessage({ data: JSON.stringify(message), attributes });
  }

  /** Publishes one message and returns the id Pub/Sub gave it. */
  async publishMessage(message: PubSubMessage): Promise<string> {
    const body = JSON.stringify({
      messages: [
        {
          data: Buffer.from(message.data).toString('base64'),
          attributes: message.attributes ?? {},
          ...(message.orderingKey ? { orderingKey: message.orderingKey } : {}),
        },
      ],
    });
    const url = `${this.endpoint}/v1/projects/${await this.projectId()}/topics/${this.options.topic}:publish`;
    return this.policy.execute(async ({ signal }) => {
      const res = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await this.authorization(signal)) },
        body,
        signal,
      });
      const text = await res.text();
      if (!res.ok) {
        if (res.status === 401) this.options.tokens?.invalidate();
        throw new PubSubPublishError(this.options.topic, res.status, text.slice(0, 300));
      }
      const ids = (JSON.parse(text) as { messageIds?: string[] }).messageIds;
      if (!ids?.[0]) throw new PubSubPublishError(this.options.topic, res.status, 'no message id returned');
      return ids[0];
    });
  }

  private async authorization(signal: AbortSignal): Promise<Record<string, string>> {
    const tokens = this.options.tokens;
    return tokens ? { authorization: `Bearer ${await tokens.token(signal)}` } : {};
  }

  private projectId(): Promise<string> {
    const project = this.options.project;
    if (typeof project === 'string') return Promise.resolve(project);
    // Asked once; a failure is not cached, so the next publish asks again.
    this.project ??= project().catch((error: unknown) => {
      this.project = undefined;
      throw error;
    });
    return this.project;
  }
}
