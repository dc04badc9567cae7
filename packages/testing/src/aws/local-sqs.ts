import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message the local endpoint received through `SendMessage`, as the SDK sent it. */
export interface SentSqsMessage {
  queueUrl: string;
  body: string;
  /** String and Number message attributes. */
  attributes: Record<string, string>;
  systemAttributes: Record<string, string>;
  groupId?: string;
  deduplicationId?: string;
}

export interface LocalSqs {
  /** The endpoint to give an `SQSClient` (`http://127.0.0.1:<port>`). */
  readonly endpoint: string;
  /** The URL of a queue on this endpoint. */
  queueUrl(name: string): string;
  /** Messages sent to a queue so far. */
  messages(name: string): SentSqsMessage[];
  close(): Promise<void>;
}

type JsonAttributes = Record<string, { DataType: string; StringValue?: string }> | undefined;

/** The part of a `SendMessage` request body this endpoint reads. */
interface SendMessageInput {
  QueueUrl?: string;
  MessageBody?: string;
  MessageAttributes?: JsonAttributes;
  MessageSystemAttributes?: JsonAttributes;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

function strings(attributes: JsonAttributes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, a] of Object.entries(attributes ?? {}))
    if (a.StringValue !== undefined) out[name] = a.StringValue;
  return out;
}

/**
 * A local SQS endpoint that accepts `SendMessage` in the JSON protocol the AWS SDK v3 speaks,
 * and keeps what it got, for testing code that sends to a queue (such as the adapter's
 * dead-letter queue) through a real `SQSClient`. Any other action fails as SQS would fail an
 * unknown one.
 *
 * @example
 * ```ts
 * import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
 * import { startLocalSqs } from '@faasade/testing/aws';
 * const sqs = await startLocalSqs();
 * const client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
 * await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl('dlq'), MessageBody: 'hello' }));
 * sqs.messages('dlq')[0].body; // 'hello'
 * await sqs.close();
 * ```
 */
export async function startLocalSqs(): Promise<LocalSqs> {
  const sent: SentSqsMessage[] = [];
  const server = createServer((req, res) => {
    readJson(req)
      .then((input) => answer(req, res, input, sent))
      .catch((error: Error) =>
        reply(res, 400, { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: error.message }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const base = `${endpoint}/123456789012/`;
  return {
    endpoint,
    queueUrl: (name) => `${base}${name}`,
    messages: (name) => sent.filter((m) => m.queueUrl === `${base}${name}`),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  input: SendMessageInput,
  sent: SentSqsMessage[],
): void {
  const action = String(req.headers['x-amz-target'] ?? '');
  if (action !== 'AmazonSQS.SendMessage') {
    reply(res, 400, {
      __type: 'com.amazonaws.sqs#UnsupportedOperation',
      message: `${action} is not supported here`,
    });
    return;
  }
  const body = String(input.MessageBody ?? '');
  sent.push({
    queueUrl: input.QueueUrl ?? '',
    body,
    attributes: strings(input.MessageAttributes),
    systemAttributes: strings(input.MessageSystemAttributes),
    groupId: input.MessageGroupId,
    deduplicationId: input.MessageDeduplicationId,
  });
  reply(res, 200, {
    MessageId: randomUUID(),
    MD5OfMessageBody: createHash('md5').update(body).digest('hex'),
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<SendMessageInput> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}
