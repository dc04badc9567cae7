// Powertools' Logger, Metrics and Tracer through Middy: the cold-start comparison the team measured.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { LambdaEvent } from './lambda';

const logger = new Logger({ serviceName: 'orders' });
const metrics = new Metrics({ namespace: 'orders', serviceName: 'orders' });
const tracer = new Tracer({ serviceName: 'orders' });

export const handler = middy()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (event: LambdaEvent) => {
    metrics.addMetric('orders.read', MetricUnit.Count, 1);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: event.pathParameters.id }),
    };
  });
