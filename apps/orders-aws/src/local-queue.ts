import { randomUUID } from 'node:crypto';
import type { LambdaSqsHandler, SqsBatchResponse, SqsSender } from '@faasade/aws-lambda';
import type { OrderCreated, OrderEvents } from '@faasade/orders';
import { lambdaContext, sqsEvent } from '@faasade/testing/aws';

/** A message the queue gave up on, or that the consumer sent to the dead-letter queue itself. */
export interface DeadLetteredMessage {
  id: string;
  body: string;
  reason?: string;
}

/** Options of a {@link LocalSqsQueue}. */
export interface LocalSqsQueueOptions {
  /** The queue's name, which the records' `eventSourceARN` ends with. */
  name: string;
  /** The Lambda handler of the queue function (`toLambda(app).processOrder`). */
  consume: LambdaSqsHandler;
  /** Names the consumer's Lambda context. */
  functionName: string;
  /** Receives of a message before it moves to the dead-letter queue (the redrive policy's `maxReceiveCount`). */
  maxReceiveCount: number;
  /** How long a failed message stays invisible before it is delivered again (the visibility timeout). */
  redeliveryDelayMs: number;
  /** Records per batch (default 10, the event source mapping's `BatchSize`). */
  batchSize?: number;
  /** Batches delivered at once (default 5, the event source mapping's first pollers). */
  concurrency?: number;
  /** The consumer's timeout, for its Lambda context (default 30 s). */
  timeoutMs?: number;
}

interface QueuedMessage {
  id: string;
  body: string;
  attributes: Record<string, string>;
  receiveCount: number;
  sentAt: Date;
  visibleAt: number;
}

/**
 * An SQS queue with its event source mapping, in this process: what `processOrder` sees on AWS,
 * for running the app locally. Messages are delivered to the Lambda handler in batches of up to
 * `batchSize` records; the records named in `batchItemFailures` (all of them when the handler
 * throws, or names a record that is not in the batch) are received again after
 * `redeliveryDelayMs` with `ApproximateReceiveCount` one higher; a record that failed its
 * `maxReceiveCount`-th receive moves to the dead-letter queue, as the redrive policy does. The
 * other records are deleted. `deadLetterSender` is the SQS client the adapter sends invalid
 * messages to the dead-letter queue with.
 *
 * @example
 * ```ts
 * import { memoryServices } from '@faasade/orders';
 * import { ordersHandlers } from '@faasade/orders-aws/handlers';
 * import { LocalSqsQueue } from '@faasade/orders-aws/local-queue';
 * const queue: LocalSqsQueue = new LocalSqsQueue({
 *   name: 'orders',
 *   consume: (event, context) => handlers.processOrder(event, context),
 *   functionName: 'processOrder',
 *   maxReceiveCount: 5,
 *   redeliveryDelayMs: 1000,
 * });
 * const handlers = ordersHandlers(memoryServices({ paymentsUrl: 'http://127.0.0.1:4010', events: queue }));
 * queue.send(JSON.stringify({ type: 'order.created', orderId: 'no-such-order' }));
 * await queue.idle();
 * queue.deadLettered(); // [{ id, body, reason: 'invalid: PermanentError: Order no-such-order does not exist' }]
 * await queue.close();
 * ```
 */
export class LocalSqsQueue implements OrderEvents {
  private readonly options: Required<LocalSqsQueueOptions>;
  private readonly waiting: QueuedMessage[] = [];
  private readonly dead: DeadLetteredMessage[] = [];
  private readonly batches = new Set<Promise<void>>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private pumpQueued = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(options: LocalSqsQueueOptions) {
    this.options = { batchSize: 10, concurrency: 5, timeoutMs: 30_000, ...options };
  }

  async publish(message: OrderCreated, attributes: Record<string, string>): Promise<void> {
    this.send(JSON.stringify(message), attributes);
  }

  /** Enqueues a message (as `SendMessage` would) and returns its id. */
  send(body: string, attributes: Record<string, string> = {}): string {
    if (this.closed) throw new Error(`The local queue ${this.options.name} is closed`);
    const id = randomUUID();
    this.waiting.push({ id, body, attributes, receiveCount: 0, sentAt: new Date(), visibleAt: 0 });
    this.schedulePump();
    return id;
  }

  /** Messages waiting, waiting to be delivered again, or in flight. */
  pending(): number {
    return this.waiting.length + this.inFlight;
  }

  deadLettered(): DeadLetteredMessage[] {
    return this.dead.map((m) => ({ ...m }));
  }

  /** Resolves once no message is pending (at once when none is). */
  idle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The SQS client the Lambda adapter sends invalid messages to the dead-letter queue with. */
  readonly deadLetterSender: SqsSender = {
    send: async (command) => {
      const input = (command as { input?: SendInput }).input ?? {};
      const attribute = (name: string) => input.MessageAttributes?.[name]?.StringValue;
      const reason = [attribute('faasade-dead-letter-reason'), attribute('faasade-error')].filter(Boolean);
      this.dead.push({
        id: attribute('faasade-message-id') ?? randomUUID(),
        body: input.MessageBody ?? '',
        reason: reason.length > 0 ? reason.join(': ') : undefined,
      });
      return { MessageId: randomUUID() };
    },
  };

  /** Stops delivering, waits for the batches in flight, and drops what is still waiting. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all(this.batches);
    this.waiting.length = 0;
    this.settleIdle();
  }

  private schedulePump(): void {
    if (this.pumpQueued || this.closed) return;
    this.pumpQueued = true;
    // On the next turn, so messages published together are delivered in one batch.
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed) return;
    const now = Date.now();
    while (this.batches.size < this.options.concurrency) {
      const batch = this.takeVisible(now);
      if (batch.length === 0) break;
      const run: Promise<void> = this.deliver(batch).finally(() => {
        this.batches.delete(run);
        this.schedulePump();
        this.settleIdle();
      });
      this.batches.add(run);
    }
    this.armTimer(now);
  }

  private takeVisible(now: number): QueuedMessage[] {
    const batch: QueuedMessage[] = [];
    for (let i = 0; i < this.waiting.length && batch.length < this.options.batchSize; ) {
      if (this.waiting[i].visibleAt <= now) batch.push(...this.waiting.splice(i, 1));
      else i++;
    }
    return batch;
  }

  /** Wakes the pump when the next invisible message becomes visible. */
  private armTimer(now: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // A batch that finishes pumps again; with all pollers busy there is nothing to wake.
    if (this.batches.size >= this.options.concurrency) return;
    let next = Number.POSITIVE_INFINITY;
    for (const m of this.waiting) if (m.visibleAt > now) next = Math.min(next, m.visibleAt);
    if (next === Number.POSITIVE_INFINITY) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, next - now);
  }

  private async deliver(batch: QueuedMessage[]): Promise<void> {
    this.inFlight += batch.length;
    for (const m of batch) m.receiveCount += 1;
    const event = sqsEvent(
      batch.map((m) => ({
        id: m.id,
        body: m.body,
        attributes: m.attributes,
        deliveryCount: m.receiveCount,
        sentAt: m.sentAt,
      })),
      { queue: this.options.name },
    );
    const context = lambdaContext({
      timeoutMs: this.options.timeoutMs,
      functionName: this.options.functionName,
    });
    let failed: Set<string>;
    try {
      failed = failedIds(batch, await this.options.consume(event, context));
    } catch (error) {
      // A failed invocation returns the whole batch to the queue.
      console.error(
        `${this.options.functionName} failed; its batch of ${batch.length} will be received again`,
        error,
      );
      failed = new Set(batch.map((m) => m.id));
    }
    this.inFlight -= batch.length;
    const now = Date.now();
    for (const m of batch) {
      if (!failed.has(m.id)) continue;
      if (m.receiveCount >= this.options.maxReceiveCount) {
        this.dead.push({
          id: m.id,
          body: m.body,
          reason: `received ${m.receiveCount} times (maxReceiveCount ${this.options.maxReceiveCount})`,
        });
      } else {
        m.visibleAt = now + this.options.redeliveryDelayMs;
        this.waiting.push(m);
      }
    }
  }

  private settleIdle(): void {
    if (this.pending() > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

interface SendInput {
  MessageBody?: string;
  MessageAttributes?: Record<string, { StringValue?: string }>;
}

/** The records to receive again; like Lambda, an identifier that is not in the batch fails the whole batch. */
function failedIds(batch: QueuedMessage[], response: SqsBatchResponse | undefined): Set<string> {
  const ids = new Set(batch.map((m) => m.id));
  const failures = response?.batchItemFailures ?? [];
  if (failures.some((f) => !ids.has(f.itemIdentifier))) return ids;
  return new Set(failures.map((f) => f.itemIdentifier));
}
