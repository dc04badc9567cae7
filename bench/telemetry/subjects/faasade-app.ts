// The same function written with faasade, run through the core runtime the way the AWS adapter
// does: event -> HttpInput -> pipeline (context, logger scope, telemetry, bounded flush) -> output.
import type { InvocationObserver } from '../../../packages/core/src/context/observer';
import { defineApp, http } from '../../../packages/core/src/function/define';
import { createRuntime } from '../../../packages/core/src/invoke/runtime';
import type { LambdaContext, LambdaEvent } from './lambda';

const app = defineApp({
  service: 'orders',
  functions: {
    getOrder: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => {
      ctx.metrics.counter('orders.read', { unit: '{order}' }).record(1);
      return { id: ctx.params.id };
    }),
  },
});

export function lambdaHandler(observer?: InvocationObserver) {
  const runtime = createRuntime(app, { cloud: 'aws', observer, flushTimeoutMs: 2000 });
  return async (event: LambdaEvent, context: LambdaContext) => {
    const out = await runtime.http(
      {
        method: event.requestContext.http.method,
        path: event.rawPath,
        query: event.rawQueryString,
        headers: event.headers,
        host: event.headers.host,
        scheme: 'https',
        sourceIp: event.requestContext.http.sourceIp,
      },
      { invocationId: context.awsRequestId, deadline: Date.now() + context.getRemainingTimeInMillis() },
      'getOrder',
    );
    return { statusCode: out.status, headers: out.headers, body: out.body };
  };
}
