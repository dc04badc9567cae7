import {
  albEvent,
  apiGatewayV1Event,
  apiGatewayV2Event,
  eventBridgeEvent,
  lambdaContext,
  scheduledEvent,
  sqsEvent,
} from '../../src/aws';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('apiGatewayV2Event', () => {
  it('builds an HTTP API event from a Request: lowercase headers, cookies apart, raw query, base64 for binary bodies', async () => {
    const event = await apiGatewayV2Event(
      new Request('https://api.example.com/files/a%20b?tag=a&tag=b', {
        method: 'PUT',
        headers: { 'Content-Type': 'image/png', Cookie: 'session=abc; theme=dark', 'X-Tag': 'one' },
        body: PNG,
      }),
    );
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: '/files/a b',
      rawQueryString: 'tag=a&tag=b',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { tag: 'a,b' },
      isBase64Encoded: true,
      requestContext: { domainName: 'api.example.com', http: { method: 'PUT' }, stage: '$default' },
    });
    expect(event.headers).toMatchObject({
      'content-type': 'image/png',
      'x-tag': 'one',
      host: 'api.example.com',
    });
    expect(event.headers).not.toHaveProperty('cookie');
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(Buffer.from(PNG));
  });

  it('keeps the path encoded for a Function URL, and puts a named stage in an HTTP API path on its own domain', () => {
    expect(apiGatewayV2Event({ path: '/a%20b' }, { functionUrl: true }).rawPath).toBe('/a%20b');
    const staged = apiGatewayV2Event({ path: '/orders', stage: 'prod' });
    expect(staged.rawPath).toBe('/prod/orders');
    expect(staged.requestContext.stage).toBe('prod');
  });

  it('joins a repeated header with commas, as HTTP APIs do', () => {
    expect(apiGatewayV2Event({ headers: { 'X-Tag': ['a', 'b'] } }).headers['x-tag']).toBe('a,b');
  });
});

describe('apiGatewayV1Event', () => {
  it('builds a REST API event: header case kept, last and every value, decoded query, stage only in the request context', () => {
    const event = apiGatewayV1Event({
      method: 'post',
      path: '/orders?q=a%20b&tag=1&tag=2',
      headers: { 'Content-Type': 'application/json', 'X-Tag': ['a', 'b'] },
      body: '{"sku":"apple"}',
    });
    expect(event).toMatchObject({
      httpMethod: 'POST',
      path: '/orders',
      headers: { 'Content-Type': 'application/json', 'X-Tag': 'b' },
      multiValueHeaders: { 'X-Tag': ['a', 'b'] },
      queryStringParameters: { q: 'a b', tag: '2' },
      multiValueQueryStringParameters: { q: ['a b'], tag: ['1', '2'] },
      body: '{"sku":"apple"}',
      isBase64Encoded: false,
      requestContext: { path: '/prod/orders', stage: 'prod', identity: { sourceIp: '198.51.100.7' } },
    });
  });
});

describe('albEvent', () => {
  it('keeps the last of repeated values in single-value mode and all of them in multi-value mode, query undecoded', () => {
    const options = { path: '/orders?tag=a%20b&tag=c', headers: { 'X-Tag': ['1', '2'] } };
    expect(albEvent(options)).toMatchObject({
      headers: { 'x-tag': '2' },
      queryStringParameters: { tag: 'c' },
    });
    expect(albEvent(options, { multiValue: true })).toMatchObject({
      multiValueHeaders: { 'x-tag': ['1', '2'] },
      multiValueQueryStringParameters: { tag: ['a%20b', 'c'] },
    });
  });
});

describe('sqsEvent', () => {
  it('builds a FIFO batch when a message has a group, with the delivery count and trace header', () => {
    const event = sqsEvent([
      {
        id: 'm-1',
        body: { orderId: 'o-1' },
        group: 'customer-7',
        deliveryCount: 2,
        traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793',
      },
    ]);
    expect(event.Records[0]).toMatchObject({
      messageId: 'm-1',
      body: '{"orderId":"o-1"}',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders.fifo',
      attributes: {
        ApproximateReceiveCount: '2',
        MessageGroupId: 'customer-7',
        AWSTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793',
      },
    });
  });
});

describe('eventBridgeEvent and scheduledEvent', () => {
  it('turns a CloudEvent into the EventBridge event a rule delivers', () => {
    const event = eventBridgeEvent({
      specversion: '1.0',
      id: 'e-1',
      source: 'shop',
      type: 'order.created',
      subject: 'o-1',
      data: { a: 1 },
    });
    expect(event).toMatchObject({
      id: 'e-1',
      source: 'shop',
      'detail-type': 'order.created',
      resources: ['o-1'],
      detail: { a: 1 },
    });
  });

  it('builds the Scheduled Event of a rule and of EventBridge Scheduler', () => {
    const time = new Date('2026-11-24T10:05:00Z');
    expect(scheduledEvent({ time })).toMatchObject({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      time: '2026-11-24T10:05:00Z',
    });
    expect(scheduledEvent({ scheduler: true }).source).toBe('aws.scheduler');
  });
});

describe('lambdaContext', () => {
  it('counts the remaining time down from the timeout and names the alias in the invoked ARN', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    const spy = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      const context = lambdaContext({
        timeoutMs: 500,
        functionName: 'orders',
        alias: 'live',
        region: 'eu-west-1',
      });
      spy.mockReturnValue(now + 200);
      expect(context.getRemainingTimeInMillis()).toBe(300);
      expect(context.invokedFunctionArn).toBe('arn:aws:lambda:eu-west-1:123456789012:function:orders:live');
    } finally {
      spy.mockRestore();
    }
  });
});
