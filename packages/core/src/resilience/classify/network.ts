import type { ErrorClassification } from './types';

/** Node's socket and DNS errors that a new connection often does not hit again. */
const TRANSIENT = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

const TIMEOUTS = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** undici errors that describe the request or the caller, not the network: retrying repeats them. */
const UNDICI_PERMANENT = new Set([
  'UND_ERR_ABORTED',
  'UND_ERR_INVALID_ARG',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'UND_ERR_BPL_MISSING_UPSTREAM',
]);

/** Node network errors (`code: 'ECONNRESET'`, ...) and undici's (`UND_ERR_*`, what fetch fails with). */
export function classifyNetworkError(error: object): ErrorClassification | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (TIMEOUTS.has(code)) return { retryable: true, kind: 'timeout' };
  if (TRANSIENT.has(code)) return { retryable: true, kind: 'transient' };
  if (code.startsWith('UND_ERR_')) {
    return UNDICI_PERMANENT.has(code)
      ? { retryable: false, kind: 'unknown' }
      : { retryable: true, kind: 'transient' };
  }
  return undefined;
}
