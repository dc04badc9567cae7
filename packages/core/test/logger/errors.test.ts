import { capture } from './helpers';

type Serialised = Record<string, unknown>;

function loggedError(fields: unknown): Serialised {
  const { log, records } = capture();
  log.error('failed', fields as never);
  return records()[0];
}

describe('error serialisation', () => {
  it('writes an Error passed as the fields under "error" with name, message, stack and code', () => {
    const error = Object.assign(new TypeError('bad input'), { code: 'E_INPUT' });
    const { error: written } = loggedError(error) as { error: Serialised };
    expect(written).toMatchObject({ name: 'TypeError', message: 'bad input', code: 'E_INPUT' });
    expect(written.stack).toBe(error.stack);
  });

  it('writes an Error found anywhere inside the fields', () => {
    const record = loggedError({ orderId: 'o-1', attempts: [{ err: new RangeError('too far') }] });
    expect(record.orderId).toBe('o-1');
    expect(record.attempts).toEqual([
      { err: expect.objectContaining({ name: 'RangeError', message: 'too far' }) },
    ]);
  });

  it("keeps an error's own extra fields, like an HTTP status", () => {
    const error = Object.assign(new Error('throttled'), { status: 429, retryAfter: 2 });
    expect(loggedError(error).error).toMatchObject({ message: 'throttled', status: 429, retryAfter: 2 });
  });

  it('unrolls the cause chain', () => {
    const root = new Error('socket hang up');
    const mid = new Error('query failed', { cause: root });
    const top = new Error('order not saved', { cause: mid });
    const written = loggedError(top).error as Serialised;
    expect(written.message).toBe('order not saved');
    expect((written.cause as Serialised).message).toBe('query failed');
    expect(((written.cause as Serialised).cause as Serialised).message).toBe('socket hang up');
  });

  it('writes a cause that is not an Error as a plain value', () => {
    const written = loggedError(new Error('wrapped', { cause: { statusCode: 503 } })).error as Serialised;
    expect(written.cause).toEqual({ statusCode: 503 });
  });

  it("writes an AggregateError's errors", () => {
    const error = new AggregateError([new Error('a'), new Error('b')], 'both failed');
    const written = loggedError(error).error as { errors: Serialised[] };
    expect(written.errors.map((e) => e.message)).toEqual(['a', 'b']);
  });

  it('marks a cause cycle as [Circular] instead of looping', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const written = loggedError(a).error as Serialised;
    expect((written.cause as Serialised).cause as unknown).toBe('[Circular]');
  });

  it('cuts an absurdly deep cause chain', () => {
    let error = new Error('root');
    for (let i = 0; i < 10_000; i++) error = new Error(`level ${i}`, { cause: error });
    const line = JSON.stringify(loggedError(error));
    expect(line).toContain('[Truncated]');
    expect(line).not.toContain('root');
  });

  it('accepts an Error as the message from plain JavaScript callers', () => {
    const { log, records } = capture();
    (log.error as (m: unknown, f?: unknown) => void)(new Error('boom'));
    (log.error as (m: unknown, f?: unknown) => void)(new Error('bang'), { orderId: 'o-1' });
    const [first, second] = records();
    expect(first).toMatchObject({ message: 'boom', error: { name: 'Error', message: 'boom' } });
    expect(second).toMatchObject({ message: 'bang', orderId: 'o-1', error: { message: 'bang' } });
  });

  it('redacts a JWT in an error message and its stack', () => {
    const token =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const line = JSON.stringify(loggedError(new Error(`rejected token ${token}`)));
    expect(line).not.toContain(token);
    expect(line).toContain('rejected token [REDACTED]');
  });
});
