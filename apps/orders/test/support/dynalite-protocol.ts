import { randomUUID } from 'node:crypto';
import http, { type ServerResponse } from 'node:http';

/** An item as DynamoDB's JSON protocol writes it: attribute name → `{ S: ... }` and the like. */
export type Item = Record<string, Record<string, unknown>>;
export type Json = Record<string, unknown>;

export interface Reply {
  status: number;
  body: Json;
}

/** One action of a TransactWriteItems, with the item it touches. */
export interface Action {
  kind: 'Put' | 'Update' | 'Delete';
  table: string;
  key: Item;
  lock: string;
  /** The action's own request, as a PutItem, UpdateItem or DeleteItem would take it. */
  request: Json;
  returnOld: boolean;
}

const API = 'DynamoDB_20120810';
const ERRORS = 'com.amazonaws.dynamodb.v20120810#';

/** dynalite checks that a request is signed, not the signature, so one fixed header serves all. */
const SIGNED = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=dynalite/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  'x-amz-date': '20200101T000000Z',
};

/**
 * Requests to a dynalite server on this machine, over kept-alive connections.
 *
 * @example
 * ```ts
 * const backend = new DynaliteBackend(port); // the port dynalite listens on
 * const { status, body } = await backend.call('GetItem', { TableName: 'inventory', Key: { sku: { S: 'apple' } } });
 * console.log(status, body.Item);
 * backend.close();
 * ```
 */
export class DynaliteBackend {
  private readonly agent = new http.Agent({ keepAlive: true });
  private readonly keySchemas = new Map<string, string[]>();

  constructor(private readonly port: number) {}

  call(operation: string, input: Json): Promise<Reply> {
    return this.send(operation, Buffer.from(JSON.stringify(input)));
  }

  send(operation: string, body: Buffer): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: '/',
          agent: this.agent,
          headers: {
            ...SIGNED,
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': `${API}.${operation}`,
            'content-length': body.length,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            resolve({ status: response.statusCode ?? 500, body: text ? (JSON.parse(text) as Json) : {} });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  /** The name of the lock of an item (or of a Put's item): its table and key attributes. */
  async lockName(table: string, item: Item): Promise<string> {
    const names = await this.keyNames(table);
    return JSON.stringify([table, ...names.map((n) => item[n])]);
  }

  /** The item's key attributes alone. */
  async keyOf(table: string, item: Item): Promise<Item> {
    const names = await this.keyNames(table);
    return Object.fromEntries(names.map((n) => [n, item[n]]));
  }

  close(): void {
    this.agent.destroy();
  }

  /** A table's key attribute names, asked of dynalite once. */
  private async keyNames(table: string): Promise<string[]> {
    const known = this.keySchemas.get(table);
    if (known) return known;
    const described = await this.call('DescribeTable', { TableName: table });
    const schema = (described.body.Table as { KeySchema: { AttributeName: string }[] } | undefined)
      ?.KeySchema;
    // A table that does not exist (yet) has no key; the request itself will say so.
    if (!schema) return [];
    const names = schema.map((k) => k.AttributeName);
    this.keySchemas.set(table, names);
    return names;
  }
}

export function error(type: string, message: string): Reply {
  const prefix = type === 'ValidationException' ? 'com.amazon.coral.validate#' : ERRORS;
  return { status: 400, body: { __type: `${prefix}${type}`, message } };
}

/** A `TransactionCanceledException` with one reason per action; `{}` stands for `None`. */
export function cancelled(reasons: Json[]): Reply {
  const filled = reasons.map((r) => (r.Code ? r : { Code: 'None' }));
  const codes = filled.map((r) => r.Code).join(', ');
  return {
    status: 400,
    body: {
      __type: `${ERRORS}TransactionCanceledException`,
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
      CancellationReasons: filled,
    },
  };
}

export function send(res: ServerResponse, reply: Reply): void {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(body);
}

/** A TransactItems entry as an action, or undefined for a kind this layer does not run. */
export async function parseAction(backend: DynaliteBackend, entry: Json): Promise<Action | undefined> {
  const kind = (['Put', 'Update', 'Delete'] as const).find((k) => entry[k] !== undefined);
  if (!kind) return undefined;
  const { ReturnValuesOnConditionCheckFailure, ...request } = entry[kind] as Json;
  const table = request.TableName as string;
  const source = (kind === 'Put' ? request.Item : request.Key) as Item;
  return {
    kind,
    table,
    key: await backend.keyOf(table, source),
    lock: await backend.lockName(table, source),
    request,
    returnOld: ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
  };
}

/** A GetItem's input as the request for its table in a BatchGetItem. */
export function asBatchRequest(input: Json): Json {
  const request: Json = { Keys: [input.Key] };
  for (const name of [
    'ConsistentRead',
    'ProjectionExpression',
    'ExpressionAttributeNames',
    'AttributesToGet',
  ]) {
    if (input[name] !== undefined) request[name] = input[name];
  }
  return request;
}
