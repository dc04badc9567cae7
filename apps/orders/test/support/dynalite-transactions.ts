import type { IncomingMessage, ServerResponse } from 'node:http';
import { ItemLocks } from './dynalite-locks';
import {
  type Action,
  asBatchRequest,
  cancelled,
  type DynaliteBackend,
  error,
  type Item,
  type Json,
  parseAction,
  type Reply,
  send,
} from './dynalite-protocol';

/** DynamoDB's limit of actions in one transaction. */
const MAX_ACTIONS = 100;

/**
 * The request listener of a server in front of dynalite that adds `TransactWriteItems`, which
 * dynalite does not implement. Every other request goes to dynalite unchanged; a transaction
 * runs as DynamoDB documents it, on dynalite's own conditions and update expressions:
 *
 * 1. Take every item ({@link ItemLocks}). One that another transaction holds cancels this one
 *    with `TransactionConflict`; a single write to a held item fails with
 *    `TransactionConflictException`, as on DynamoDB.
 * 2. Apply every action with its condition through dynalite, asking for the item as it was;
 *    meanwhile GetItem and BatchGetItem see the items as they were (reads never conflict).
 * 3. If a condition failed, put the items back and cancel with `ConditionalCheckFailed` for
 *    those actions, with the item when `ReturnValuesOnConditionCheckFailure` is `ALL_OLD`.
 *
 * Not covered, because no store here uses them: `ConditionCheck` actions (rejected), the
 * idempotency of `ClientRequestToken` (ignored), and Query or Scan during a transaction (they
 * may see it half applied; on DynamoDB a GSI Query is only eventually consistent anyway).
 *
 * @example
 * ```ts
 * import http from 'node:http';
 * const transactions = new DynaliteTransactions(new DynaliteBackend(dynalitePort));
 * http.createServer(transactions.handle).listen(0); // point DynamoDB clients at this server
 * ```
 */
export class DynaliteTransactions {
  readonly locks = new ItemLocks();
  /** The items as they were before the transaction that holds them, for reads meanwhile. */
  private readonly committed = new Map<string, Promise<Item | undefined>>();

  constructor(private readonly backend: DynaliteBackend) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.route(operation, Buffer.concat(chunks)).then(
        (reply) => send(res, reply),
        (e: unknown) => send(res, { status: 500, body: { __type: 'InternalFailure', message: String(e) } }),
      );
    });
  };

  /**
   * Holds an item as a transaction in flight would, until the returned function is called: for
   * tests of what a store does when it keeps meeting one.
   */
  async holdAsTransaction(table: string, key: Item): Promise<() => void> {
    const lock = await this.backend.lockName(table, key);
    if (this.locks.holdForTransaction([lock])) throw new Error(`${lock} is held by a transaction already`);
    this.keep(
      lock,
      this.locks.drained([lock]).then(() => this.current(table, key)),
    );
    return () => {
      this.committed.delete(lock);
      this.locks.releaseTransaction([lock]);
    };
  }

  private async route(operation: string, body: Buffer): Promise<Reply> {
    if (body.length === 0) return this.backend.send(operation, body);
    const input = JSON.parse(body.toString()) as Json;
    switch (operation) {
      case 'TransactWriteItems':
        return this.transactWrite(input.TransactItems as Json[]);
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem':
        return this.write(operation, input, body);
      case 'GetItem':
      case 'BatchGetItem': {
        const tables =
          operation === 'GetItem'
            ? { [input.TableName as string]: asBatchRequest(input) }
            : (input.RequestItems as Record<string, Json>);
        const reply = await this.read(tables as Record<string, Json & { Keys: Item[] }>);
        if (operation === 'BatchGetItem' || reply.status !== 200) return reply;
        const [item] = Object.values((reply.body.Responses ?? {}) as Record<string, Item[]>).flat();
        return { status: 200, body: item ? { Item: item } : {} };
      }
      default:
        return this.backend.send(operation, body);
    }
  }

  private async write(operation: string, input: Json, body: Buffer): Promise<Reply> {
    const lock = await this.backend.lockName(input.TableName as string, (input.Key ?? input.Item) as Item);
    if (!this.locks.holdForWrite(lock))
      return error('TransactionConflictException', 'Transaction is ongoing for the item');
    try {
      return await this.backend.send(operation, body);
    } finally {
      this.locks.release([lock]);
    }
  }

  /**
   * A BatchGetItem (a GetItem is one of one key): items a transaction holds come as they were
   * before it; the rest from dynalite, held so no transaction starts on them meanwhile.
   */
  private async read(tables: Record<string, Json & { Keys: Item[] }>): Promise<Reply> {
    const entries = await Promise.all(
      Object.entries(tables).flatMap(([table, request]) =>
        request.Keys.map(async (key) => ({ table, key, lock: await this.backend.lockName(table, key) })),
      ),
    );
    // A projection would have to be applied to the item kept, so such reads wait instead.
    const projected = (table: string) =>
      'ProjectionExpression' in tables[table] || 'AttributesToGet' in tables[table];
    const kept = entries.filter((e) => this.locks.heldByTransaction(e.lock) && !projected(e.table));
    const keptItems = Promise.all(kept.map((e) => this.committed.get(e.lock)));
    const fresh = entries.filter((e) => !kept.includes(e));
    let reply: Reply = { status: 200, body: { Responses: {} } };
    if (fresh.length > 0) {
      const locks = fresh.map((e) => e.lock);
      await this.locks.holdForRead(locks);
      const RequestItems: Record<string, Json> = {};
      for (const { table, key } of fresh) {
        const request = (RequestItems[table] ??= { ...tables[table], Keys: [] }) as { Keys: Item[] };
        request.Keys.push(key);
      }
      try {
        reply = await this.backend.call('BatchGetItem', { RequestItems });
      } finally {
        this.locks.release(locks);
      }
      if (reply.status !== 200) return reply;
    }
    const responses = (reply.body.Responses ?? {}) as Record<string, Item[]>;
    (await keptItems).forEach((item, i) => {
      if (item) (responses[kept[i].table] ??= []).push(item);
    });
    return { status: 200, body: { ...reply.body, Responses: responses } };
  }

  private async transactWrite(entries: Json[]): Promise<Reply> {
    if (entries.length > MAX_ACTIONS)
      return error('ValidationException', `A transaction holds at most ${MAX_ACTIONS} actions`);
    const parsed = await Promise.all(entries.map((entry) => parseAction(this.backend, entry)));
    if (parsed.some((a) => a === undefined))
      return error('ValidationException', 'This test layer runs Put, Update and Delete actions only');
    const actions = parsed as Action[];
    const locks = actions.map((a) => a.lock);
    if (new Set(locks).size !== locks.length)
      return error(
        'ValidationException',
        'Transaction request cannot include multiple operations on one item',
      );
    const conflicts = this.locks.holdForTransaction(locks);
    if (conflicts)
      return cancelled(actions.map((_, i) => (conflicts.includes(i) ? { Code: 'TransactionConflict' } : {})));
    const done = this.locks.drained(locks).then(() => Promise.all(actions.map((a) => this.write1(a))));
    for (const [i, a] of actions.entries())
      this.keep(
        a.lock,
        done.then((results) => results[i].before),
      );
    try {
      return await this.settle(actions, await done);
    } finally {
      for (const lock of locks) this.committed.delete(lock);
      this.locks.releaseTransaction(locks);
    }
  }

  private keep(lock: string, item: Promise<Item | undefined>): void {
    // The transaction itself reports a failed read; a reader, if any, gets it too.
    item.catch(() => undefined);
    this.committed.set(lock, item);
  }

  /**
   * Applies one action with its condition, asking for the item as it was (which is what readers
   * see meanwhile, and what undoing puts back). A failed condition changed nothing, so the item
   * read after it is the one it was checked on.
   */
  private async write1(action: Action): Promise<{ reply: Reply; before: Item | undefined }> {
    const reply = await this.backend.call(`${action.kind}Item`, {
      ...action.request,
      ReturnValues: 'ALL_OLD',
    });
    if (reply.status === 200) return { reply, before: reply.body.Attributes as Item | undefined };
    return { reply, before: await this.current(action.table, action.key) };
  }

  private async current(table: string, key: Item): Promise<Item | undefined> {
    const read = await this.backend.call('GetItem', { TableName: table, Key: key, ConsistentRead: true });
    if (read.status !== 200)
      throw new Error(`Reading ${JSON.stringify(key)} of ${table}: ${JSON.stringify(read.body)}`);
    return read.body.Item as Item | undefined;
  }

  /** Commits when every action applied; otherwise undoes the ones that did and cancels. */
  private async settle(
    actions: Action[],
    results: { reply: Reply; before: Item | undefined }[],
  ): Promise<Reply> {
    const failed = results.map((r) =>
      String(r.reply.body.__type).endsWith('ConditionalCheckFailedException'),
    );
    const unexpected = results.find((r, i) => r.reply.status !== 200 && !failed[i]);
    if (!unexpected && !failed.includes(true)) return { status: 200, body: {} };
    await Promise.all(
      actions.map((a, i) => {
        if (results[i].reply.status !== 200) return undefined;
        const item = results[i].before;
        return item
          ? this.backend.call('PutItem', { TableName: a.table, Item: item })
          : this.backend.call('DeleteItem', { TableName: a.table, Key: a.key });
      }),
    );
    if (unexpected) return unexpected.reply;
    return cancelled(
      actions.map((a, i) => {
        if (!failed[i]) return {};
        const reason: Json = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
        if (a.returnOld && results[i].before) reason.Item = results[i].before;
        return reason;
      }),
    );
  }
}
