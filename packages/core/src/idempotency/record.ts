/** A handler's result in a form every store can keep (JSON). */
export type StoredResult =
  /** An HTTP `Response`: status, headers, cookies, and the body in base64. */
  | { type: 'response'; status: number; headers: Record<string, string>; cookies: string[]; body: string }
  /** Bytes returned by an HTTP handler, in base64. */
  | { type: 'bytes'; body: string }
  /** Any other value, kept as JSON. */
  | { type: 'json'; value: unknown }
  /** The handler returned nothing. */
  | { type: 'none' };

/** What the store holds under an idempotency key. */
export type IdempotencyRecord =
  | {
      status: 'INPROGRESS';
      /** SHA-256 of the canonical payload, when payload validation is on. */
      fingerprint?: string;
      /** Epoch ms the first attempt started, for people reading the store. */
      startedAt: number;
    }
  | { status: 'COMPLETED'; fingerprint?: string; completedAt: number; result: StoredResult };
