import { HttpError } from '../function/errors';

/**
 * A duplicate arrived while the first request with its idempotency key is still running. Over
 * HTTP it is a 409 with `Retry-After`; a queue message that meets it is delivered again later,
 * by when the first has finished and the duplicate gets its result.
 */
export class IdempotencyInProgressError extends HttpError {
  override readonly name: string = 'IdempotencyInProgressError';
  constructor(retryAfterSeconds: number) {
    super(
      409,
      'IDEMPOTENCY_IN_PROGRESS',
      `A request with this idempotency key is still being processed. Retry in about ${retryAfterSeconds} s to get its result.`,
      { headers: { 'retry-after': String(retryAfterSeconds) } },
    );
  }
}

/**
 * An idempotency key was used again with a different payload (422 `IDEMPOTENCY_KEY_REUSED`).
 * Replaying the first result would answer a question the caller did not ask.
 */
export class IdempotencyPayloadMismatchError extends HttpError {
  override readonly name: string = 'IdempotencyPayloadMismatchError';
  constructor() {
    super(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'This idempotency key was already used with a different payload. Use a new key for a different request, or resend the original payload to get its result.',
    );
  }
}

/** The function requires an idempotency key (`required: true`) and the input carries none (400). */
export class IdempotencyKeyMissingError extends HttpError {
  override readonly name: string = 'IdempotencyKeyMissingError';
  constructor(where: string) {
    super(
      400,
      'IDEMPOTENCY_KEY_MISSING',
      `No idempotency key found (${where}). Send a unique key for each logical operation, for example a UUID, and the same key when retrying it.`,
    );
  }
}
