// Powertools' Logger and Metrics through Middy, doing the job faasade's telemetry does (minus the
// span): Lambda context on the logger, the cold-start metric, one custom metric, EMF per invocation.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { LambdaEvent } from './lambda';

const logger = new Logger({ serviceName: 'orders' });
const metrics = new Metrics({ namespace: 'orders', serviceName: 'orders' });

export const handler = middy()
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
