// Middy with no middleware: the baseline of the Powertools variants.
import middy from '@middy/core';
import type { LambdaEvent } from './lambda';

export const handler = middy().handler(async (event: LambdaEvent) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ id: event.pathParameters.id }),
}));
