import { defineApp, http } from '@faasade/core';
import fc from 'fast-check';
import { toLambda, UnsupportedEventError } from '../src';
import { albEvent, captureLogs, context, httpApiEvent, restEvent } from './fixtures';

captureLogs();
const { router } = toLambda(
  defineApp({
    service: 'echo',
    functions: { any: http({ method: '*', route: '/*' }, () => ({ ok: true })) },
  }),
);

type Event = Record<string, unknown> & { requestContext?: Record<string, unknown> };
const samples: [string, () => Event][] = [
  ['REST', () => restEvent()],
  ['HTTP API 2.0', () => httpApiEvent({}, { stage: 'prod' })],
  ['ALB', () => albEvent(false)],
  ['ALB multi-value', () => albEvent(true)],
];

/** Removes or nulls some of the event's fields, top level and in its request context. */
function damage(event: Event, damages: [number, boolean][]): Event {
  const copy: Event = { ...event, requestContext: { ...event.requestContext } };
  const targets = [
    ...Object.keys(event).map((k) => [copy, k] as const),
    ...Object.keys(event.requestContext ?? {}).map((k) => [copy.requestContext ?? {}, k] as const),
  ];
  for (const [index, toNull] of damages) {
    const [owner, key] = targets[index % targets.length];
    if (toNull) owner[key] = null;
    else delete owner[key];
  }
  return copy;
}

describe.each(samples)('a %s event with fields missing or null', (_name, sample) => {
  it('gets an HTTP result, or an UnsupportedEventError when it no longer looks like an HTTP event, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 4 }),
        async (damages) => {
          try {
            const result = await router(damage(sample(), damages) as never, context());
            expect(result.statusCode).toEqual(expect.any(Number));
          } catch (error) {
            expect(error).toBeInstanceOf(UnsupportedEventError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
