import type { SqsRecord } from '../types';

/** The part of an `SQSClient` (from `@aws-sdk/client-sqs`) the dead-letter queue uses. */
export interface SqsSender {
  send(command: unknown): Promise<unknown>;
}

/**
 * The parts of `@aws-sdk/client-sqs` the dead-letter queue uses; pass the module itself
 * (`import * as sqs from '@aws-sdk/client-sqs'`) to bundle a version of your own.
 */
export interface SqsSdk {
  SQSClient: new (config: Record<string, never>) => SqsSender;
  SendMessageCommand: new (input: import('@aws-sdk/client-sqs').SendMessageCommandInput) => unknown;
}

// SQS allows ten message attributes; the three below are added only where they fit.
const MAX_ATTRIBUTES = 10;

/**
 * `require` read through a variable: bundlers (esbuild, webpack) leave the call alone, so the
 * SDK is resolved when the first invalid message is dead-lettered, from the AWS SDK that Lambda's
 * Node.js runtimes ship, and never lands in a function's bundle (@aws-sdk/client-sqs is ~300 KB
 * minified, ~12 ms of compile at every cold start, even for a function with no queue).
 */
const runtimeRequire: (id: string) => unknown =
  typeof require === 'function'
    ? require
    : () => {
        throw new TypeError('@aws-sdk/client-sqs cannot be required here: pass sqsSdk to toLambda()');
      };

let runtimeSdk: SqsSdk | undefined;
function loadSdk(): SqsSdk {
  runtimeSdk ??= runtimeRequire('@aws-sdk/client-sqs') as SqsSdk;
  return runtimeSdk;
}

/**
 * Sends a record that can never succeed (it failed validation, or threw a `PermanentError`) to
 * an SQS dead-letter queue at once, with its body, message attributes and trace header, plus
 * `faasade-message-id` (the original id, which the logs name), `faasade-dead-letter-reason` and
 * `faasade-error` attributes when there is room for them.
 */
export class SqsDeadLetterQueue {
  readonly queueUrl: string;
  private client: SqsSender | undefined;
  private readonly sdk: SqsSdk | undefined;

  constructor(queueUrl: string, client?: SqsSender, sdk?: SqsSdk) {
    this.queueUrl = queueUrl;
    this.client = client;
    this.sdk = sdk;
  }

  async send(record: SqsRecord, reason: string, error: unknown): Promise<void> {
    const { SQSClient, SendMessageCommand } = this.sdk ?? loadSdk();
    this.client ??= new SQSClient({});
    const attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }> =
      {};
    for (const [name, a] of Object.entries(record.messageAttributes ?? {})) {
      attributes[name] =
        a.binaryValue !== undefined
          ? { DataType: a.dataType, BinaryValue: Buffer.from(a.binaryValue, 'base64') }
          : { DataType: a.dataType, StringValue: a.stringValue };
    }
    if (Object.keys(attributes).length <= MAX_ATTRIBUTES - 3) {
      attributes['faasade-message-id'] = { DataType: 'String', StringValue: record.messageId };
      attributes['faasade-dead-letter-reason'] = { DataType: 'String', StringValue: reason };
      attributes['faasade-error'] = { DataType: 'String', StringValue: messageOf(error) };
    }
    const fifo = this.queueUrl.endsWith('.fifo');
    const trace = record.attributes.AWSTraceHeader;
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: record.body,
        MessageAttributes: attributes,
        MessageSystemAttributes: trace
          ? { AWSTraceHeader: { DataType: 'String', StringValue: trace } }
          : undefined,
        MessageGroupId: fifo ? (record.attributes.MessageGroupId ?? 'dead-letter') : undefined,
        MessageDeduplicationId: fifo
          ? (record.attributes.MessageDeduplicationId ?? record.messageId)
          : undefined,
      }),
    );
  }
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 1024 ? `${text.slice(0, 1021)}...` : text;
}
