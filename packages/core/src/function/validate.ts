import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type ErrorIssue, HttpError, PermanentError, ValidationError } from './errors';
import { LightRequest } from './request';

/** The default largest JSON body `ctx.body()` accepts: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

/**
 * Reads a request's JSON body and validates it. Every way a body can be wrong gives a 4xx with a
 * stable code: 415 `UNSUPPORTED_MEDIA_TYPE`, 413 `PAYLOAD_TOO_LARGE`, 400 `MALFORMED_JSON`,
 * 400 `VALIDATION_FAILED` (with the issues).
 */
export async function readJsonBody<T>(
  req: Request,
  schema: StandardSchemaV1<unknown, T>,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<T> {
  const light = req instanceof LightRequest ? req : undefined;
  const type = light ? light.header('content-type') : req.headers.get('content-type');
  if (!type || !JSON_TYPE.test(type)) {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Expected content-type application/json, got ${type ?? 'none'}`,
    );
  }
  const declared = Number(light ? light.header('content-length') : req.headers.get('content-length'));
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const raw = light?.rawBody;
  const size =
    raw === undefined ? undefined : typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
  if (size !== undefined && size > maxBytes) throw tooLarge(maxBytes);
  const text = await req.text();
  if (size === undefined && Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  if (text.trim() === '')
    throw new HttpError(400, 'MALFORMED_JSON', 'The request body is empty; expected JSON');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      'MALFORMED_JSON',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
  return validate(schema, value, (issues) => new ValidationError(issues));
}

/** Validates a value against a Standard Schema, turning failures into the error `fail` makes. */
export async function validate<T>(
  schema: StandardSchemaV1<unknown, T>,
  value: unknown,
  fail: (issues: ErrorIssue[]) => Error,
): Promise<T> {
  let result = schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (result.issues) throw fail(result.issues.map(toIssue));
  return result.value;
}

/** Validates a queue message body; a failure is permanent: retrying can never fix it. */
export function validateMessage<T>(schema: StandardSchemaV1<unknown, T>, value: unknown): Promise<T> {
  return validate(schema, value, (issues) => {
    const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    return Object.assign(new PermanentError(`Message failed validation: ${detail}`), { issues });
  });
}

function toIssue(issue: StandardSchemaV1.Issue): ErrorIssue {
  const path = issue.path
    ?.map((p) => (typeof p === 'object' && p !== null && 'key' in p ? p.key : p))
    .map(String)
    .join('.');
  return path ? { message: issue.message, path } : { message: issue.message };
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes`);
}
