import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SqsBatchResponse, SqsRecord } from '@faasade/aws-lambda';

/** A record as Lambda delivers it, with the fields the adapter's type leaves out. */
export type DeliveredRecord = SqsRecord & {
  receiptHandle: string;
  md5OfBody: string;
  awsRegion: string;
};

/** An SQS event as an event source mapping hands it to the function. */
export interface DeliveredEvent {
  Records: DeliveredRecord[];
}

/** A local-aws-sqs server (SQS over the JSON protocol the SDK speaks) in this process. */
export interface SqsEmulator {
  readonly endpoint: string;
  /** A client of this server (dummy credentials, us-east-1). `stop` destroys it. */
  client(): SQSClient;
  /**
   * Creates a queue and its dead-letter queue with a redrive policy, as deploy/template.yaml
   * declares them, with a visibility timeout of 1 s so a failed record comes back soon.
   */
  createQueueWithDlq(name: string, maxReceiveCount: number): Promise<{ queueUrl: string; dlqUrl: string }>;
  /**
   * One poll of a Lambda event source mapping: up to 10 messages as an SQS event, in the shape
   * Lambda hands to the function (system attributes, `messageAttributes` with lowercase keys).
   */
  receiveEvent(queueUrl: string): Promise<DeliveredEvent>;
  /** Polls until a batch comes (a failed record returns when its visibility timeout ends). */
  nextEvent(queueUrl: string, timeoutMs?: number): Promise<DeliveredEvent>;
  /**
   * What the event source mapping does with the function's answer: deletes the records that
   * succeeded; the failed ones come back when their visibility timeout ends.
   */
  settle(queueUrl: string, event: DeliveredEvent, response: SqsBatchResponse): Promise<void>;
  /** Receives what a queue holds (hiding it for the queue's visibility timeout). */
  receiveAll(queueUrl: string): Promise<Message[]>;
  stop(): Promise<void>;
}

/** Starts the SQS emulator on a port the OS chose. */
export async function startSqsEmulator(): Promise<SqsEmulator> {
  const { createSqsServer } = require('local-aws-sqs') as {
    createSqsServer(options: { port: number; hostname: string }): Promise<Server>;
  };
  const server = await createSqsServer({ port: 0, hostname: '127.0.0.1' });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const receive = async (QueueUrl: string) =>
    (
      await client.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
          AttributeNames: ['All'],
          WaitTimeSeconds: 0,
        }),
      )
    ).Messages ?? [];
  const receiveEvent = async (queueUrl: string): Promise<DeliveredEvent> => {
    const arn = `arn:aws:sqs:us-east-1:123456789012:${queueUrl.slice(queueUrl.lastIndexOf('/') + 1)}`;
    return { Records: (await receive(queueUrl)).map((m) => toRecord(m, arn)) };
  };
  return {
    endpoint,
    client: () => client,
    async createQueueWithDlq(name, maxReceiveCount) {
      const dlq = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      const queue = await client.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: {
            VisibilityTimeout: '1',
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount }),
          },
        }),
      );
      return { queueUrl: queue.QueueUrl!, dlqUrl: dlq.QueueUrl! };
    },
    receiveEvent,
    async nextEvent(queueUrl, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const event = await receiveEvent(queueUrl);
        if (event.Records.length > 0 || Date.now() > until) return event;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async settle(queueUrl, event, response) {
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      for (const record of event.Records) {
        if (failed.has(record.messageId)) continue;
        await client.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle }),
        );
      }
    },
    receiveAll: receive,
    async stop() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function toRecord(message: Message, arn: string): DeliveredRecord {
  const messageAttributes: SqsRecord['messageAttributes'] = {};
  for (const [name, a] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = Object.assign(
      { dataType: a.DataType!, stringValue: a.StringValue },
      { stringListValues: [], binaryListValues: [] },
    );
  }
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body!,
    attributes: message.Attributes as SqsRecord['attributes'],
    messageAttributes,
    md5OfBody: message.MD5OfBody!,
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: 'us-east-1',
  };
}
