import { defineApp, http, type InvocationContext, queue, resetInstance } from '@faasade/core';
import { toLambda } from '../src';
import { captureLogs, context, httpApiEvent } from './fixtures';

let seen: InvocationContext | undefined;
const app = defineApp({
  service: 'orders',
  functions: {
    getOrder: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => {
      seen = ctx;
      return { ok: true };
    }),
    processOrder: queue({ queue: 'orders' }, (_msg, ctx) => {
      seen = ctx;
    }),
  },
});
captureLogs();

beforeEach(() => {
  seen = undefined;
  resetInstance();
});

describe('the Lambda context in ctx', () => {
  const { getOrder } = toLambda(app);

  it('gives the request id as the invocation id and the raw event and context as ctx.raw', async () => {
    const event = httpApiEvent();
    const lambdaContext = context();
    await getOrder(event, lambdaContext);
    expect(seen?.invocationId).toBe(lambdaContext.awsRequestId);
    expect(seen?.raw).toEqual({ event, context: lambdaContext });
    expect(seen?.cloud).toBe('aws');
  });

  it('takes the deadline from getRemainingTimeInMillis()', async () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    const spy = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      await getOrder(httpApiEvent(), context({ getRemainingTimeInMillis: () => 1234 }));
    } finally {
      spy.mockRestore();
    }
    expect(seen?.deadline).toBe(now + 1234);
  });

  it('maps the function ARN, version, memory and log stream to the platform facts, the alias replaced by the version', async () => {
    await getOrder(httpApiEvent(), context());
    expect(seen?.platform).toEqual({
      region: 'eu-west-1',
      accountId: '123456789012',
      resourceId: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-getOrder:7',
      version: '7',
      maxMemoryBytes: 512 * 1024 * 1024,
      instance: '2026/11/24/[7]a1b2c3d4e5f6',
    });
  });

  it('keeps an unqualified ARN as it is', async () => {
    const arn = 'arn:aws:lambda:us-east-2:210987654321:function:orders-getOrder';
    await getOrder(httpApiEvent(), context({ invokedFunctionArn: arn, functionVersion: '$LATEST' }));
    expect(seen?.platform).toMatchObject({ region: 'us-east-2', accountId: '210987654321', resourceId: arn });
  });

  it('gives each message of a batch the request id and its own record as ctx.raw.event', async () => {
    const { processOrder } = toLambda(app);
    const record = {
      messageId: 'm-1',
      body: '{}',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1795514400000' },
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:orders',
    };
    await processOrder({ Records: [record] }, context());
    expect(seen?.invocationId).toBe(context().awsRequestId);
    expect(seen?.raw.event).toBe(record);
  });
});

describe('cold starts', () => {
  it('counts the first invocation of an on-demand instance as a cold start, and the next as warm', async () => {
    const { getOrder } = toLambda(app);
    await getOrder(httpApiEvent(), context());
    expect(seen?.coldStart).toBe(true);
    await getOrder(httpApiEvent(), context());
    expect(seen?.coldStart).toBe(false);
  });

  it('does not count the first invocation of a provisioned-concurrency instance as a cold start', async () => {
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'provisioned-concurrency';
    try {
      const { getOrder } = toLambda(app);
      await getOrder(httpApiEvent(), context());
    } finally {
      delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    }
    expect(seen?.coldStart).toBe(false);
  });
});
