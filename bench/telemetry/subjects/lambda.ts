// The Lambda-shaped inputs every subject is called with: an API Gateway HTTP API (v2) event for
// GET /orders/{id}, and a Lambda context.
export const event = {
  version: '2.0',
  routeKey: 'GET /orders/{id}',
  rawPath: '/orders/42',
  rawQueryString: '',
  headers: { host: 'api.example.com', 'user-agent': 'bench', accept: 'application/json' },
  requestContext: { http: { method: 'GET', path: '/orders/42', sourceIp: '203.0.113.9' }, requestId: 'r-1' },
  pathParameters: { id: '42' },
  isBase64Encoded: false,
};

let sequence = 0;

export function context() {
  sequence += 1;
  return {
    functionName: 'getOrder',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:getOrder',
    memoryLimitInMB: '512',
    awsRequestId: `req-${sequence}`,
    logGroupName: '/aws/lambda/getOrder',
    logStreamName: '2026/11/24/[$LATEST]abc',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000,
  };
}

export type LambdaEvent = typeof event;
export type LambdaContext = ReturnType<typeof context>;
