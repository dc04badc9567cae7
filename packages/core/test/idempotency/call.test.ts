import {
  canonicalJson,
  IdempotencyPayloadMismatchError,
  idempotent,
  runIdempotent,
} from '@faasade/core/idempotency';
import { InMemoryStateStore, type StateStore } from '@faasade/core/state';
import { type LoggedLine, queueMessage, runInvocation } from '../support/invocation';

describe('runIdempotent (one step inside a handler)', () => {
  it('runs the step once per key and returns its result to every later call', async () => {
    const store = new InMemoryStateStore();
    let charges = 0;
    const charge = () =>
      runIdempotent(async () => ({ chargeId: `ch_${++charges}` }), {
        store,
        key: 'order-42',
        payload: { cents: 1999 },
      });
    expect(await charge()).toEqual({ chargeId: 'ch_1' });
    expect(await charge()).toEqual({ chargeId: 'ch_1' });
    expect(charges).toBe(1);
  });

  it('rejects the same key with another payload', async () => {
    const store = new InMemoryStateStore();
    await runIdempotent(async () => 'charged', { store, key: 'order-42', payload: { cents: 1999 } });
    await expect(
      runIdempotent(async () => 'charged', { store, key: 'order-42', payload: { cents: 2999 } }),
    ).rejects.toThrow(IdempotencyPayloadMismatchError);
  });

  it('keeps namespaces apart', async () => {
    const store = new InMemoryStateStore();
    let runs = 0;
    await runIdempotent(async () => ++runs, { store, key: 'order-42', namespace: 'charge' });
    await runIdempotent(async () => ++runs, { store, key: 'order-42', namespace: 'email' });
    expect(runs).toBe(2);
  });
});

describe('when the store cannot keep a result', () => {
  /** The in-memory store, except that it refuses to store COMPLETED records (as a full table would). */
  function refusingResults(): StateStore {
    const store = new InMemoryStateStore();
    return {
      get: (key) => store.get(key),
      delete: (key, options) => store.delete(key, options),
      put: async (key, value, options) => {
        if ((value as { status?: string }).status === 'COMPLETED') throw new Error('item too large');
        return store.put(key, value, options);
      },
    };
  }

  it('still returns the result (the work is done) and logs a warning', async () => {
    const logged: LoggedLine[] = [];
    const handler = idempotent(async () => 'shipped', { store: refusingResults() });
    const result = await runInvocation((ctx) => handler(queueMessage({ orderId: 'o-1' }), ctx), { logged });
    expect(result).toBe('shipped');
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/could not store/) }),
    );
  });
});

describe('canonicalJson (what payload fingerprints compare)', () => {
  it('sorts object keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('keeps the order of array items', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('reads values as JSON does: dates as ISO strings, undefined fields dropped', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2030, 0, 1)), gone: undefined })).toBe(
      '{"at":"2030-01-01T00:00:00.000Z"}',
    );
  });
});
