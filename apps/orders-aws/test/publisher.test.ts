import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { SqsOrderEvents, UnconfiguredOrderEvents } from '../src/publisher';
import { type SqsEmulator, startSqsEmulator } from './support/sqs-emulator';

let sqs: SqsEmulator;
let queueUrl: string;

beforeAll(async () => {
  sqs = await startSqsEmulator();
  queueUrl = (await sqs.client().send(new CreateQueueCommand({ QueueName: 'orders' }))).QueueUrl!;
});
afterAll(() => sqs.stop());

describe('SqsOrderEvents', () => {
  it('sends the message as JSON with its trace context as a String message attribute', async () => {
    const events = new SqsOrderEvents({ queueUrl, client: sqs.client() });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await events.publish({ type: 'order.created', orderId: 'o-1' }, { traceparent });

    const [message] = await sqs.receiveAll(queueUrl);
    expect(JSON.parse(message.Body!)).toEqual({ type: 'order.created', orderId: 'o-1' });
    expect(message.MessageAttributes).toEqual({
      traceparent: { DataType: 'String', StringValue: traceparent },
    });
  });

  it('sends no message attributes when there is no trace', async () => {
    await new SqsOrderEvents({ queueUrl, client: sqs.client() }).publish(
      { type: 'order.created', orderId: 'o-2' },
      {},
    );
    const [message] = await sqs.receiveAll(queueUrl);
    expect(JSON.parse(message.Body!)).toEqual({ type: 'order.created', orderId: 'o-2' });
    expect(message.MessageAttributes).toBeUndefined();
  });

  it('fails the publish when SQS refuses it, so the order is not left without its message silently', async () => {
    const events = new SqsOrderEvents({
      queueUrl: `${sqs.endpoint}/123456789012/no-such-queue`,
      client: sqs.client(),
    });
    await expect(events.publish({ type: 'order.created', orderId: 'o-3' }, {})).rejects.toThrow(/queue/i);
  });
});

describe('UnconfiguredOrderEvents', () => {
  it('fails every publish, naming the variable to set', async () => {
    await expect(
      new UnconfiguredOrderEvents().publish({ type: 'order.created', orderId: 'o-4' }),
    ).rejects.toThrow('QUEUE_URL is not set: cannot publish order.created for order o-4');
  });
});
