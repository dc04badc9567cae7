import { classifyStatus } from './http';
import type { ErrorClassification } from './types';

/** Throttling error codes of AWS services, as the AWS SDK's own retry strategy lists them. */
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

const TIMEOUTS = new Set(['RequestTimeout', 'RequestTimeoutException', 'TimeoutError']);

const TRANSIENT = new Set([
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'InternalServerErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

function isAwsError(e: object): boolean {
  return '$metadata' in e || '$fault' in e || '$retryable' in e;
}

/**
 * AWS SDK v3 errors: the service's error name first (DynamoDB sends its throttling as a 400, so
 * the name must win over the status), then `$retryable`, then `$metadata.httpStatusCode`.
 */
export function classifyAwsError(error: object): ErrorClassification | undefined {
  if (!isAwsError(error)) return undefined;
  const e = error as { name?: unknown; $retryable?: { throttling?: boolean }; $fault?: unknown };
  const name = typeof e.name === 'string' ? e.name : '';
  if (THROTTLING.has(name) || e.$retryable?.throttling === true)
    return { retryable: true, kind: 'throttled' };
  if (TIMEOUTS.has(name)) return { retryable: true, kind: 'timeout' };
  if (TRANSIENT.has(name) || e.$retryable !== undefined) return { retryable: true, kind: 'transient' };
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  if (typeof status === 'number') return classifyStatus(status);
  if (e.$fault === 'server') return { retryable: true, kind: 'transient' };
  return undefined;
}
