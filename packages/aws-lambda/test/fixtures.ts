import { MemorySink, setDefaultLogSink } from '@faasade/core/logger';
import type { LambdaContext } from '../src';

/** A Lambda context like the Node.js runtime's, for a function with `timeoutMs` left. */
export function context(overrides: Partial<LambdaContext> & { timeoutMs?: number } = {}): LambdaContext {
  const deadline = Date.now() + (overrides.timeoutMs ?? 3000);
  return {
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    functionName: 'orders-getOrder',
    functionVersion: '7',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-getOrder:live',
    memoryLimitInMB: '512',
    logStreamName: '2026/11/24/[7]a1b2c3d4e5f6',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    ...overrides,
  };
}

/** Sends the lines every logger writes to memory for the duration of a test file. */
export function captureLogs(): MemorySink {
  const sink = new MemorySink();
  beforeAll(() => setDefaultLogSink(sink));
  afterAll(() => setDefaultLogSink(undefined));
  beforeEach(() => sink.clear());
  return sink;
}

/** An API Gateway REST API event, as in the API Gateway developer guide. */
export function restEvent(overrides: Record<string, unknown> = {}) {
  return {
    resource: '/orders/{id}',
    path: '/orders/42',
    httpMethod: 'GET',
    headers: {
      Accept: '*/*',
      Host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'X-Forwarded-Proto': 'https',
    },
    multiValueHeaders: {
      Accept: ['*/*'],
      Host: ['abc123.execute-api.eu-west-1.amazonaws.com'],
      'X-Forwarded-Proto': ['https'],
    },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { id: '42' },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      httpMethod: 'GET',
      identity: { sourceIp: '198.51.100.7', userAgent: 'curl/8.5.0' },
      path: '/prod/orders/42',
      requestId: 'req-1',
      resourcePath: '/orders/{id}',
      stage: 'prod',
    },
    body: null,
    isBase64Encoded: false,
    ...overrides,
  };
}

/** An HTTP API payload 2.0 event, as in the API Gateway developer guide. */
export function httpApiEvent(
  overrides: Record<string, unknown> = {},
  requestContext: Record<string, unknown> = {},
) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/orders/42',
    rawQueryString: '',
    headers: {
      accept: '*/*',
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'GET',
        path: '/orders/42',
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.7',
        userAgent: 'curl/8.5.0',
      },
      requestId: 'req-2',
      routeKey: '$default',
      stage: '$default',
      time: '24/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795514400000,
      ...requestContext,
    },
    isBase64Encoded: false,
    ...overrides,
  };
}

/** An ALB event; `multiValue` gives the shape of a target group with multi-value headers on. */
export function albEvent(multiValue: boolean, overrides: Record<string, unknown> = {}) {
  const base = {
    requestContext: {
      elb: {
        targetGroupArn:
          'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders/6d0ecf831eec9f09',
      },
    },
    httpMethod: 'GET',
    path: '/orders/42',
    body: '',
    isBase64Encoded: false,
  };
  const headers = {
    host: 'orders.example.com',
    'x-forwarded-for': '198.51.100.7, 10.0.0.1',
    'x-forwarded-proto': 'https',
  };
  if (multiValue) {
    const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
    return { ...base, multiValueHeaders, multiValueQueryStringParameters: {}, ...overrides };
  }
  return { ...base, headers, queryStringParameters: {}, ...overrides };
}
