// A function with no framework at all: the baseline every variant is paired against.
import type { LambdaEvent } from './lambda';

export const handler = async (event: LambdaEvent) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ id: event.pathParameters.id }),
});
