import { randomUUID } from 'node:crypto';
import type { InvocationContext, TriggerMetadata } from '@azure/functions';
import type { AzureRegistration } from '@faasade/azure-functions';

type QueueRegistration = Extract<AzureRegistration, { kind: 'storageQueue' }>;

/** A message that reached the poison queue. */
export interface PoisonMessage {
  /** The id the message had in its queue. */
  id: string;
  /** Its text (decoded). */
  body: string;
  /** Why: the last error on the host's last delivery, or the function's own dead-letter. */
  reason?: string;
}

export interface LocalStorageQueueOptions {
  /** The queue's name; poison messages go to `<name>-poison`. */
  name: string;
  /** host.json `extensions.queues.maxDequeueCount`. */
  maxDequeueCount: number;
  /** How long a failed message stays invisible before its next delivery (the host's `visibilityTimeout`). */
  redeliveryDelayMs: number;
  /** Messages processed at once (host.json `batchSize`, default 16). */
  batchSize?: number;
  /** Builds the invocation context of one delivery. */
  context: (functionName: string, triggerMetadata: TriggerMetadata) => InvocationContext;
  /** Told about each message the host moves to the poison queue. */
  onPoison?: (message: PoisonMessage) => void;
}

interface Stored {
  id: string;
  /** As stored: base64 of the body, the host's message encoding. */
  text: string;
  insertionTime: Date;
  dequeueCount: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * An Azure Storage queue and the Functions host's queue listener, in this process: messages
 * are stored base64-encoded (host.json `messageEncoding`), each is delivered to the queue
 * function on its own invocation with the host's trigger metadata (`id`, `dequeueCount`,
 * `insertionTime`, `popReceipt`, ...), a delivery that throws makes the message visible again
 * after `redeliveryDelayMs` with `dequeueCount` + 1, and on the `maxDequeueCount`-th failed
 * delivery the host moves it to `<queue>-poison`. A function that sets its poison output
 * binding (the adapter's dead-letter route for invalid or exhausted messages) has that value
 * written to `<queue>-poison` and the original deleted, as the host does with output bindings.
 *
 * @example
 * ```ts
 * import { LocalStorageQueue } from '@faasade/orders-azure/dist/local/storage-queue';
 * import { localInvocationContext } from '@faasade/orders-azure/dist/local/context';
 * const queue = new LocalStorageQueue({ name: 'orders', maxDequeueCount: 5, redeliveryDelayMs: 1000,
 *   context: (name, triggerMetadata) => localInvocationContext(name, { triggerMetadata }) });
 * queue.bind(processOrderRegistration);
 * queue.send(Buffer.from('{"type":"order.created","orderId":"o-1"}').toString('base64'));
 * await queue.idle();
 * ```
 */
export class LocalStorageQueue {
  private readonly options: LocalStorageQueueOptions;
  private readonly visible: Stored[] = [];
  private readonly poison: PoisonMessage[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private registration: QueueRegistration | undefined;
  private inFlight = 0;
  private delayed = 0;
  private closed = false;
  private waiters: (() => void)[] = [];

  constructor(options: LocalStorageQueueOptions) {
    this.options = options;
  }

  /** The queue function that consumes this queue. Messages wait until one is bound. */
  bind(registration: QueueRegistration): void {
    this.registration = registration;
    this.pump();
  }

  /** Adds a message, as `QueueClient.sendMessage` does: the text as stored (base64). */
  send(text: string): string {
    if (this.closed) throw new Error(`The local queue ${this.options.name} is closed`);
    const id = randomUUID();
    this.visible.push({ id, text, insertionTime: new Date(), dequeueCount: 0 });
    this.pump();
    return id;
  }

  /** Messages waiting, waiting for redelivery, or being processed. */
  pending(): number {
    return this.visible.length + this.delayed + this.inFlight;
  }

  /** Everything moved to `<queue>-poison` so far, oldest first. */
  deadLettered(): PoisonMessage[] {
    return this.poison.map((m) => ({ ...m }));
  }

  /** Resolves when no message is waiting, waiting for redelivery or in flight. */
  idle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops delivering (messages not yet delivered are dropped) and waits for those in flight. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.delayed = 0;
    this.visible.length = 0;
    await this.idle();
  }

  private pump(): void {
    const registration = this.registration;
    if (!registration || this.closed) return;
    const batchSize = this.options.batchSize ?? 16;
    while (this.inFlight < batchSize && this.visible.length > 0) {
      const message = this.visible.shift()!;
      message.dequeueCount++;
      this.inFlight++;
      void this.deliver(registration, message).finally(() => {
        this.inFlight--;
        this.pump();
        this.settle();
      });
    }
  }

  private async deliver(registration: QueueRegistration, message: Stored): Promise<void> {
    const text = decode(message.text);
    if (text === undefined) {
      this.toPoison(message, message.text, 'the message is not base64 (host.json messageEncoding is base64)');
      return;
    }
    const entry = workerValue(text);
    const context = this.options.context(registration.name, this.metadata(message, entry));
    try {
      await registration.handler(entry, context);
    } catch (error) {
      if (message.dequeueCount >= this.options.maxDequeueCount) {
        this.toPoison(message, text, error instanceof Error ? error.message : String(error));
      } else this.redeliverLater(message);
      return;
    }
    const poisoned = context.extraOutputs.get(registration.queue.poisonOutput);
    if (poisoned !== undefined) {
      const body = typeof poisoned === 'string' ? poisoned : JSON.stringify(poisoned);
      this.toPoison(message, body, `dead-lettered by ${registration.name}`);
    }
  }

  private metadata(message: Stored, entry: unknown): TriggerMetadata {
    const now = Date.now();
    return {
      id: message.id,
      dequeueCount: message.dequeueCount,
      insertionTime: message.insertionTime.toISOString(),
      expirationTime: new Date(message.insertionTime.getTime() + 7 * 86_400_000).toISOString(),
      nextVisibleTime: new Date(now + this.options.redeliveryDelayMs).toISOString(),
      popReceipt: randomUUID(),
      queueTrigger: entry,
    };
  }

  private redeliverLater(message: Stored): void {
    if (this.closed) return;
    this.delayed++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.delayed--;
      this.visible.push(message);
      this.pump();
      this.settle();
    }, this.options.redeliveryDelayMs);
    this.timers.add(timer);
  }

  private toPoison(message: Stored, body: string, reason: string): void {
    const poisoned = { id: message.id, body, reason };
    this.poison.push(poisoned);
    this.options.onPoison?.(poisoned);
  }

  private settle(): void {
    if (this.pending() > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

function decode(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** The worker hands a message that is JSON to the handler already parsed, and other text as it is. */
function workerValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
