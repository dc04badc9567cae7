import type { ErrorClassification } from './types';

/**
 * Azure SDK `RestError`s. Those with a `statusCode` are judged by it, like any HTTP-shaped error;
 * one without a status never reached the service (`REQUEST_SEND_ERROR`) and is a network failure.
 */
export function classifyAzureError(error: object): ErrorClassification | undefined {
  const e = error as { name?: unknown; statusCode?: unknown; code?: unknown };
  if (e.name !== 'RestError' || typeof e.statusCode === 'number') return undefined;
  if (e.code === 'REQUEST_SEND_ERROR') return { retryable: true, kind: 'transient' };
  return undefined;
}
