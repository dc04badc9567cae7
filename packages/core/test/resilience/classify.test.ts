import { createServer } from 'node:net';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { createHttpHeaders, RestError } from '@azure/core-rest-pipeline';
import { HttpError } from '@faasade/core';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  classifyError,
  classifyResult,
  isClientError,
  isTransientError,
  retryAfterFromHeaders,
  TimeoutError,
} from '@faasade/core/resilience';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

/** An error the way @grpc/grpc-js builds one (callErrorFromStatus). */
function grpcError(code: GrpcStatus, details: string) {
  return Object.assign(new Error(`${code} ${GrpcStatus[code]}: ${details}`), {
    code,
    details,
    metadata: new Metadata(),
  });
}

function networkError(code: string) {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code, errno: -1, syscall: 'connect' });
}

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('classifyError: AWS SDK v3', () => {
  it('retries DynamoDB throttling although it comes with status 400', () => {
    const error = new ProvisionedThroughputExceededException({
      message: 'slow down',
      $metadata: { httpStatusCode: 400 },
    });
    expect(classifyError(error)).toEqual({ retryable: true, kind: 'throttled' });
  });

  it.each(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded'])(
    'retries %s',
    (name) => {
      const error = Object.assign(new Error('throttled'), {
        name,
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      });
      expect(classifyError(error)).toMatchObject({ retryable: true, kind: 'throttled' });
    },
  );

  it('retries a service InternalServerError and ServiceUnavailable', () => {
    expect(
      classifyError(new InternalServerError({ message: 'boom', $metadata: { httpStatusCode: 500 } })),
    ).toMatchObject({
      retryable: true,
      kind: 'transient',
    });
    const unavailable = Object.assign(new Error('x'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    expect(isTransientError(unavailable)).toBe(true);
  });

  it('retries what the SDK marked $retryable, and 5xx/429 by $metadata.httpStatusCode', () => {
    const marked = Object.assign(new Error('x'), { name: 'Odd', $retryable: {}, $metadata: {} });
    const gateway = Object.assign(new Error('x'), { name: 'Odd', $metadata: { httpStatusCode: 502 } });
    const tooMany = Object.assign(new Error('x'), { name: 'Odd', $metadata: { httpStatusCode: 429 } });
    expect([marked, gateway, tooMany].map(isTransientError)).toEqual([true, true, true]);
  });

  it('never retries an ordinary 4xx such as ResourceNotFoundException', () => {
    const error = new ResourceNotFoundException({ message: 'no table', $metadata: { httpStatusCode: 400 } });
    expect(classifyError(error)).toEqual({ retryable: false, kind: 'client', status: 400 });
  });

  it('reads Retry-After from the raw $response headers', () => {
    const error = Object.assign(new Error('x'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
      $response: { statusCode: 400, headers: { 'retry-after': '7' } },
    });
    expect(classifyError(error, NOW).retryAfterMs).toBe(7_000);
  });
});

describe('classifyError: Azure SDK', () => {
  it.each([408, 429, 500, 503])('retries a RestError with status %i', (statusCode) => {
    expect(isTransientError(new RestError('x', { statusCode }))).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 412])('never retries a RestError with status %i', (statusCode) => {
    expect(classifyError(new RestError('x', { statusCode }))).toMatchObject({
      retryable: false,
      kind: 'client',
    });
  });

  it('honours retry-after-ms, x-ms-retry-after-ms and Retry-After in that order', () => {
    const withHeaders = (headers: Record<string, string>) =>
      new RestError('busy', {
        statusCode: 503,
        response: { status: 503, headers: createHttpHeaders(headers), request: {} as never },
      });
    expect(classifyError(withHeaders({ 'retry-after-ms': '120', 'Retry-After': '9' })).retryAfterMs).toBe(
      120,
    );
    expect(classifyError(withHeaders({ 'x-ms-retry-after-ms': '80' })).retryAfterMs).toBe(80);
    expect(classifyError(withHeaders({ 'Retry-After': '3' })).retryAfterMs).toBe(3_000);
  });

  it('retries a RestError that never reached the service', () => {
    expect(isTransientError(new RestError('socket closed', { code: 'REQUEST_SEND_ERROR' }))).toBe(true);
  });
});

describe('classifyError: Google Cloud', () => {
  it('retries UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED and ABORTED', () => {
    expect(classifyError(grpcError(GrpcStatus.UNAVAILABLE, 'down'))).toEqual({
      retryable: true,
      kind: 'transient',
    });
    expect(classifyError(grpcError(GrpcStatus.RESOURCE_EXHAUSTED, 'quota'))).toEqual({
      retryable: true,
      kind: 'throttled',
    });
    expect(classifyError(grpcError(GrpcStatus.DEADLINE_EXCEEDED, 'slow'))).toEqual({
      retryable: true,
      kind: 'timeout',
    });
    expect(classifyError(grpcError(GrpcStatus.ABORTED, 'contention'))).toEqual({
      retryable: true,
      kind: 'transient',
    });
  });

  it('never retries INVALID_ARGUMENT, NOT_FOUND or PERMISSION_DENIED', () => {
    for (const code of [GrpcStatus.INVALID_ARGUMENT, GrpcStatus.NOT_FOUND, GrpcStatus.PERMISSION_DENIED]) {
      expect(classifyError(grpcError(code, 'no'))).toEqual({ retryable: false, kind: 'client' });
    }
  });

  it('reads the status name of REST-shaped Google errors, and HTTP codes of ApiError', () => {
    expect(isTransientError(Object.assign(new Error('x'), { status: 'UNAVAILABLE' }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('x'), { code: 503, errors: [] }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('x'), { code: 404, errors: [] }))).toBe(false);
  });
});

describe('classifyError: HTTP and network', () => {
  it('retries a thrown Response with 429 or 5xx, with its Retry-After as an HTTP date', () => {
    const later = new Date(NOW + 4_000).toUTCString();
    const verdict = classifyError(
      new Response(null, { status: 429, headers: { 'Retry-After': later } }),
      NOW,
    );
    expect(verdict).toEqual({ retryable: true, kind: 'throttled', status: 429, retryAfterMs: 4_000 });
    expect(isTransientError(new Response(null, { status: 500 }))).toBe(true);
  });

  it('never retries 4xx other than 408 and 429, nor 501', () => {
    for (const status of [400, 401, 403, 404, 409, 422])
      expect(isClientError(new HttpError(status, 'X', 'x'))).toBe(true);
    expect(isTransientError(new HttpError(408, 'SLOW', 'x'))).toBe(true);
    expect(isTransientError(Object.assign(new Error('x'), { status: 501 }))).toBe(false);
  });

  it('reads status from response.status (gaxios, got) and statusCode', () => {
    expect(isTransientError(Object.assign(new Error('x'), { response: { status: 503, headers: {} } }))).toBe(
      true,
    );
    expect(isTransientError(Object.assign(new Error('x'), { statusCode: 502 }))).toBe(true);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET'])(
    'retries the network error %s',
    (code) => {
      expect(classifyError(networkError(code))).toEqual({ retryable: true, kind: 'transient' });
    },
  );

  it('treats ETIMEDOUT and undici timeouts as timeouts', () => {
    expect(classifyError(networkError('ETIMEDOUT')).kind).toBe('timeout');
    expect(classifyError(networkError('UND_ERR_HEADERS_TIMEOUT')).kind).toBe('timeout');
  });

  it("retries fetch's TypeError('fetch failed') by its cause", async () => {
    const port = await closedPort();
    const error = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(classifyError(error)).toEqual({ retryable: true, kind: 'transient' });
  });

  it('does not retry an unknown error, an abort, or a rejection by another policy', () => {
    expect(classifyError(new Error('bug'))).toEqual({ retryable: false, kind: 'unknown' });
    expect(classifyError(new DOMException('stop', 'AbortError')).kind).toBe('cancelled');
    expect(classifyError(new BrokenCircuitError('k', 'open', 10)).kind).toBe('rejected');
    expect(classifyError(new BulkheadRejectedError(1, 0)).kind).toBe('rejected');
    expect(classifyError('a string')).toEqual({ retryable: false, kind: 'unknown' });
  });

  it('retries a TimeoutError of the timeout policy or of AbortSignal.timeout', () => {
    expect(classifyError(new TimeoutError(100, false))).toEqual({ retryable: true, kind: 'timeout' });
    expect(classifyError(new DOMException('late', 'TimeoutError')).kind).toBe('timeout');
  });
});

describe('classifyResult', () => {
  it('retries a returned 503 Response and passes a 200 or a non-response through', () => {
    expect(classifyResult(new Response(null, { status: 503, headers: { 'Retry-After': '2' } }))).toEqual({
      retryable: true,
      kind: 'transient',
      status: 503,
      retryAfterMs: 2_000,
    });
    expect(classifyResult(new Response('ok'))).toBeUndefined();
    expect(classifyResult({ status: 503 })).toBeUndefined();
  });
});

describe('retryAfterFromHeaders', () => {
  it('reads seconds, dates in the past as 0, and ignores garbage', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '1.5' }), NOW)).toBe(1_500);
    expect(retryAfterFromHeaders({ 'Retry-After': new Date(NOW - 10_000).toUTCString() }, NOW)).toBe(0);
    expect(retryAfterFromHeaders(new Map([['Retry-After', 'soon']]), NOW)).toBeUndefined();
    expect(retryAfterFromHeaders(undefined, NOW)).toBeUndefined();
  });
});
