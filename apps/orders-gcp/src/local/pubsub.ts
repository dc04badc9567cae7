import type { Logger } from '@faasade/core/logger';
import type { DeadLetterMessage, DeadLetterPublisher } from '@faasade/gcp-functions';
import type { OrderCreated, OrderEvents } from '@faasade/orders';
import { cloudEventRequest, pubsubCloudEvent } from '@faasade/testing/gcp';

/** A message that reached the dead-letter topic. */
export interface DeadLetteredMessage {
  id: string;
  body: string;
  reason?: string;
}

export interface LocalPubSubOptions {
  /** The topic the app publishes to (`orders`). */
  topic: string;
  /** The push subscription's id (`orders-processOrder`). */
  subscription: string;
  /** Deliveries of a message before it is forwarded to the dead-letter topic (Pub/Sub allows 5 to 100). */
  maxDeliveryAttempts: number;
  /** How long a failed (nacked) message waits before it is delivered again. */
  redeliveryDelayMs: number;
  log: Logger;
}

interface Outstanding {
  id: string;
  data: Buffer;
  attributes: Record<string, string>;
  publishTime: string;
  attempt: number;
  timer?: NodeJS.Timeout;
}

/**
 * A Pub/Sub topic with one push subscription that has a dead-letter policy, in this process:
 * each message is POSTed to the subscriber as the `messagePublished` CloudEvent Eventarc sends
 * (binary mode, `deliveryAttempt` counting from 1). A 2xx acknowledges it; anything else (or no
 * answer) is a nack, and the message is delivered again after `redeliveryDelayMs`, until its
 * last allowed attempt fails and it is forwarded to the dead-letter topic. Messages the function
 * acknowledged as invalid are counted as dead-lettered too, as the adapter publishes them there
 * through {@link LocalPubSub.deadLetters}.
 *
 * @example
 * ```ts
 * import { Logger } from '@faasade/core/logger';
 * import { LocalPubSub } from './pubsub';
 * const orders = new LocalPubSub({ topic: 'orders', subscription: 'orders-processOrder', maxDeliveryAttempts: 5, redeliveryDelayMs: 1000, log: new Logger() });
 * orders.attach('http://127.0.0.1:8081/');
 * await orders.publish({ type: 'order.created', orderId: 'o-1' }, {});
 * await orders.idle();
 * ```
 */
export class LocalPubSub implements OrderEvents {
  private readonly options: LocalPubSubOptions;
  private readonly outstanding = new Map<string, Outstanding>();
  private readonly dead: DeadLetteredMessage[] = [];
  private readonly abort = new AbortController();
  private idlers: (() => void)[] = [];
  private endpoint: string | undefined;
  private seq = 0;

  /** The dead-letter topic, as the adapter's `deadLetterPublisher` for messages that can never succeed. */
  readonly deadLetters: DeadLetterPublisher = {
    publish: async (message: DeadLetterMessage) => {
      const a = message.attributes;
      const id = a.faasade_message_id ?? this.nextId();
      this.dead.push({
        id,
        body: message.data.toString('utf8'),
        reason: `${a.faasade_dead_letter_reason}: ${a.faasade_error}`,
      });
      this.options.log.error('message published to the dead-letter topic', {
        messageId: id,
        reason: a.faasade_error,
      });
      return id;
    },
  };

  constructor(options: LocalPubSubOptions) {
    this.options = options;
  }

  /** Where the subscription pushes: the subscriber's functions-framework URL. */
  attach(pushEndpoint: string): void {
    this.endpoint = pushEndpoint;
  }

  async publish(message: OrderCreated, attributes: Record<string, string>): Promise<void> {
    this.publishRaw(JSON.stringify(message), attributes);
  }

  /** Publishes any payload (a malformed one, in tests) and returns its message id. */
  publishRaw(data: string | Buffer, attributes: Record<string, string> = {}): string {
    if (this.abort.signal.aborted) throw new Error(`The local topic ${this.options.topic} is closed`);
    const m: Outstanding = {
      id: this.nextId(),
      data: Buffer.from(data),
      attributes: { ...attributes },
      publishTime: new Date().toISOString(),
      attempt: 1,
    };
    this.outstanding.set(m.id, m);
    // Delivered after the publisher's own request has gone on, as with the real service.
    this.schedule(m, 0);
    return m.id;
  }

  /** Messages waiting for delivery or in flight. */
  pending(): number {
    return this.outstanding.size;
  }

  deadLettered(): DeadLetteredMessage[] {
    return this.dead.map((m) => ({ ...m }));
  }

  /** Resolves when no message is waiting or in flight. */
  idle(): Promise<void> {
    if (this.outstanding.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  /** Stops delivering: waiting messages are dropped, deliveries in flight are aborted. */
  async close(): Promise<void> {
    this.abort.abort();
    for (const m of this.outstanding.values()) clearTimeout(m.timer);
    this.outstanding.clear();
    this.settled();
  }

  private nextId(): string {
    return String(++this.seq);
  }

  private schedule(m: Outstanding, delayMs: number): void {
    m.timer = setTimeout(() => void this.deliver(m), delayMs);
  }

  private async deliver(m: Outstanding): Promise<void> {
    const { topic, subscription } = this.options;
    const ce = pubsubCloudEvent({
      data: m.data,
      attributes: m.attributes,
      deliveryAttempt: m.attempt,
      messageId: m.id,
      publishTime: m.publishTime,
      topic,
      subscription,
    });
    let failure: string | undefined;
    try {
      if (this.endpoint === undefined) throw new Error(`no subscriber is attached to ${subscription}`);
      const res = await fetch(cloudEventRequest(this.endpoint, ce, 'binary'), { signal: this.abort.signal });
      const body = await res.text();
      if (!res.ok) failure = `HTTP ${res.status}`;
      else this.acknowledged(m, body);
    } catch (error) {
      if (this.abort.signal.aborted) return;
      failure = error instanceof Error ? error.message : String(error);
    }
    if (failure !== undefined) this.nacked(m, failure);
    else this.remove(m);
  }

  /** A 200 with a receipt: the function gave up on an invalid message and acknowledged it. */
  private acknowledged(m: Outstanding, body: string): void {
    if (!body.includes('"deadLettered"')) return;
    const receipt = JSON.parse(body) as { published?: boolean };
    if (receipt.published) return; // already in the dead-letter topic, through deadLetters
    this.dead.push({
      id: m.id,
      body: m.data.toString('utf8'),
      reason: 'invalid: acknowledged without processing',
    });
  }

  private nacked(m: Outstanding, failure: string): void {
    const { maxDeliveryAttempts: max, redeliveryDelayMs, log } = this.options;
    const fields = { messageId: m.id, deliveryAttempt: m.attempt, maxDeliveryAttempts: max, failure };
    if (m.attempt >= max) {
      const reason = `delivery attempt ${m.attempt} of ${max} failed (${failure})`;
      this.dead.push({ id: m.id, body: m.data.toString('utf8'), reason });
      log.error('message forwarded to the dead-letter topic', fields);
      this.remove(m);
      return;
    }
    log.warn('delivery failed; Pub/Sub will deliver the message again', { ...fields, redeliveryDelayMs });
    m.attempt++;
    this.schedule(m, redeliveryDelayMs);
  }

  private remove(m: Outstanding): void {
    this.outstanding.delete(m.id);
    if (this.outstanding.size === 0) this.settled();
  }

  private settled(): void {
    const idlers = this.idlers;
    this.idlers = [];
    for (const resolve of idlers) resolve();
  }
}
