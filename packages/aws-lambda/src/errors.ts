/**
 * A handler got an event it can not translate: a trigger is pointed at the wrong handler (an
 * SQS queue at an HTTP function, an API at a queue function). Fix the trigger's target.
 */
export class UnsupportedEventError extends TypeError {
  override readonly name: string = 'UnsupportedEventError';

  constructor(handler: string, expected: string, event: unknown) {
    super(`${handler} handles ${expected}, but got ${describe(event)}; point only those triggers at it`);
  }
}

function describe(event: unknown): string {
  if (typeof event !== 'object' || event === null) return `a ${event === null ? 'null' : typeof event}`;
  const keys = Object.keys(event).slice(0, 6);
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
}
