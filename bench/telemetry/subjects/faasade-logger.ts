// A function that only uses faasade's logger (no runtime, no telemetry): one line per invocation.
import { Logger } from '@faasade/core/logger';
import type { LambdaEvent } from './lambda';

const log = new Logger({ service: 'orders' });

export const handler = async (event: LambdaEvent) => {
  log.info('order read', { id: event.pathParameters.id });
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: event.pathParameters.id }),
  };
};
