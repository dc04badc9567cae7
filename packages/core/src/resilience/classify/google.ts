import type { ErrorClassification } from './types';

/** gRPC status codes by number, and the verdict on each that is not a plain failure. */
const GRPC: Record<number, ErrorClassification> = {
  1: { retryable: false, kind: 'cancelled' }, // CANCELLED
  3: { retryable: false, kind: 'client' }, // INVALID_ARGUMENT
  4: { retryable: true, kind: 'timeout' }, // DEADLINE_EXCEEDED
  5: { retryable: false, kind: 'client' }, // NOT_FOUND
  6: { retryable: false, kind: 'client' }, // ALREADY_EXISTS
  7: { retryable: false, kind: 'client' }, // PERMISSION_DENIED
  8: { retryable: true, kind: 'throttled' }, // RESOURCE_EXHAUSTED
  9: { retryable: false, kind: 'client' }, // FAILED_PRECONDITION
  10: { retryable: true, kind: 'transient' }, // ABORTED
  11: { retryable: false, kind: 'client' }, // OUT_OF_RANGE
  14: { retryable: true, kind: 'transient' }, // UNAVAILABLE
  16: { retryable: false, kind: 'client' }, // UNAUTHENTICATED
};

/** The same codes by name, as Google's REST errors and google-gax's `Status` spell them. */
const BY_NAME: Record<string, number> = {
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
};

/** A gRPC error: a numeric code 0..16 with what @grpc/grpc-js and google-gax put beside it. */
function grpcCode(e: {
  code?: unknown;
  details?: unknown;
  metadata?: unknown;
  name?: unknown;
}): number | undefined {
  if (typeof e.code !== 'number' || !Number.isInteger(e.code) || e.code < 0 || e.code > 16) return undefined;
  return 'details' in e || 'metadata' in e || e.name === 'GoogleError' ? e.code : undefined;
}

/**
 * Google Cloud client errors: gRPC status codes (UNAVAILABLE, RESOURCE_EXHAUSTED,
 * DEADLINE_EXCEEDED and ABORTED are retried) by number or by name. HTTP-shaped Google errors
 * (gaxios, ApiError) carry a status and are judged by it.
 */
export function classifyGoogleError(error: object): ErrorClassification | undefined {
  const e = error as {
    code?: unknown;
    status?: unknown;
    details?: unknown;
    metadata?: unknown;
    name?: unknown;
  };
  const code = grpcCode(e) ?? (typeof e.status === 'string' ? BY_NAME[e.status] : undefined);
  if (code === undefined) return undefined;
  return GRPC[code] ?? { retryable: false, kind: 'unknown' };
}
