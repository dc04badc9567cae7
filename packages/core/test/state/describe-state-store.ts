import type { StateStore } from '@faasade/core/state';
import type { StoreHarness, StoreHarnessFactory } from '../support/harness';
import { incrementWithRetry } from './increment';

/** TTL short enough to wait out in a test, on stores that expire with real time. */
const SHORT_TTL_MS = 150;
/** How long to let time pass so that a {@link SHORT_TTL_MS} record has certainly expired. */
const PAST_SHORT_TTL_MS = 400;
/** TTL no test run comes near. */
const LONG_TTL_MS = 10 * 60_000;

/**
 * The behaviour every {@link StateStore} must have, written once and run against each store:
 * circuit breakers and idempotency rely on exactly these guarantees.
 */
export function describeStateStore(factory: StoreHarnessFactory): void {
  describe(`${factory.name} (StateStore contract)`, () => {
    let harness: StoreHarness;
    let store: StateStore;
    let keys = 0;
    const key = (label: string) => `contract:${label}:${++keys}`;

    beforeAll(async () => {
      harness = await factory.start();
      store = harness.client();
    });
    afterAll(async () => {
      await harness?.close();
    });

    describe('get and create', () => {
      it('reads nothing for a key that was never written', async () => {
        expect(await store.get(key('never'))).toBeUndefined();
      });

      it('creates an absent key when ifVersion is null and reads it back with that version', async () => {
        const k = key('create');
        const created = await store.put(k, { state: 'CLOSED' }, { ifVersion: null });
        expect(created).toEqual({ ok: true, version: expect.any(String) });
        expect(await store.get(k)).toEqual({ value: { state: 'CLOSED' }, version: version(created) });
      });

      it('refuses to create a key that exists and returns the record that is there', async () => {
        const k = key('create-twice');
        const first = await store.put(k, 'first', { ifVersion: null });
        const second = await store.put(k, 'second', { ifVersion: null });
        expect(second).toEqual({ ok: false, current: { value: 'first', version: version(first) } });
      });

      it('writes unconditionally when ifVersion is omitted', async () => {
        const k = key('blind');
        await store.put(k, 1);
        const overwritten = await store.put(k, 2);
        expect(overwritten.ok).toBe(true);
        expect((await store.get(k))?.value).toBe(2);
      });
    });

    describe('compare-and-set', () => {
      it('replaces the record when ifVersion is the stored version, and gives it a new version', async () => {
        const k = key('cas');
        const v1 = version(await store.put(k, { count: 1 }, { ifVersion: null }));
        const swapped = await store.put(k, { count: 2 }, { ifVersion: v1 });
        expect(swapped.ok).toBe(true);
        expect(version(swapped)).not.toBe(v1);
        expect(await store.get(k)).toEqual({ value: { count: 2 }, version: version(swapped) });
      });

      it('refuses a stale version and returns the current record instead', async () => {
        const k = key('cas-stale');
        const v1 = version(await store.put(k, 'a', { ifVersion: null }));
        const v2 = version(await store.put(k, 'b', { ifVersion: v1 }));
        const stale = await store.put(k, 'c', { ifVersion: v1 });
        expect(stale).toEqual({ ok: false, current: { value: 'b', version: v2 } });
        expect((await store.get(k))?.value).toBe('b');
      });

      it('refuses a compare-and-set on a key that does not exist', async () => {
        const k = key('cas-absent');
        expect(await store.put(k, 'x', { ifVersion: 'some-version' })).toEqual({
          ok: false,
          current: undefined,
        });
        expect(await store.get(k)).toBeUndefined();
      });

      it('never gives a re-created key a version that a holder of the old record could still match', async () => {
        const k = key('aba');
        const old = version(await store.put(k, 'old', { ifVersion: null }));
        await store.delete(k);
        await store.put(k, 'new', { ifVersion: null });
        expect((await store.put(k, 'from a stale holder', { ifVersion: old })).ok).toBe(false);
        expect((await store.get(k))?.value).toBe('new');
      });
    });

    describe('delete', () => {
      it('deletes a key without a version, and reports whether there was anything to delete', async () => {
        const k = key('delete');
        await store.put(k, 'x');
        expect(await store.delete(k)).toBe(true);
        expect(await store.get(k)).toBeUndefined();
        expect(await store.delete(k)).toBe(false);
      });

      it('deletes with a version only while that version is stored', async () => {
        const k = key('delete-cas');
        const v1 = version(await store.put(k, 'a', { ifVersion: null }));
        const v2 = version(await store.put(k, 'b', { ifVersion: v1 }));
        expect(await store.delete(k, { ifVersion: v1 })).toBe(false);
        expect((await store.get(k))?.value).toBe('b');
        expect(await store.delete(k, { ifVersion: v2 })).toBe(true);
        expect(await store.get(k)).toBeUndefined();
      });
    });

    describe('time to live', () => {
      it('keeps a record until its TTL and reports when it expires', async () => {
        const k = key('ttl-live');
        const before = Date.now();
        await store.put(k, 'x', { ttlMs: LONG_TTL_MS });
        const record = await store.get(k);
        expect(record?.value).toBe('x');
        expect(record?.expiresAt).toBeGreaterThan(before);
      });

      it('treats an expired record as absent for get, compare-and-set and delete', async () => {
        const k = key('ttl-expired');
        const v1 = version(await store.put(k, 'x', { ifVersion: null, ttlMs: SHORT_TTL_MS }));
        await harness.elapse(PAST_SHORT_TTL_MS);
        expect(await store.get(k)).toBeUndefined();
        expect(await store.put(k, 'y', { ifVersion: v1 })).toEqual({ ok: false, current: undefined });
        expect(await store.delete(k, { ifVersion: v1 })).toBe(false);
      });

      it('lets ifVersion null create over an expired record', async () => {
        const k = key('ttl-recreate');
        await store.put(k, 'crashed instance', { ifVersion: null, ttlMs: SHORT_TTL_MS });
        await harness.elapse(PAST_SHORT_TTL_MS);
        const taken = await store.put(k, 'next instance', { ifVersion: null, ttlMs: LONG_TTL_MS });
        expect(taken.ok).toBe(true);
        expect((await store.get(k))?.value).toBe('next instance');
      });

      it('keeps a record forever once it is rewritten without a TTL', async () => {
        const k = key('ttl-cleared');
        const v1 = version(await store.put(k, 'leased', { ifVersion: null, ttlMs: SHORT_TTL_MS }));
        const v2 = version(await store.put(k, 'kept', { ifVersion: v1 }));
        await harness.elapse(PAST_SHORT_TTL_MS);
        expect(await store.get(k)).toEqual({ value: 'kept', version: v2 });
      });

      it('rejects a TTL that is not a positive number of milliseconds', async () => {
        await expect(store.put(key('ttl-bad'), 'x', { ttlMs: 0 })).rejects.toThrow(RangeError);
        await expect(store.put(key('ttl-bad'), 'x', { ttlMs: Number.NaN })).rejects.toThrow(/ttlMs/);
      });
    });

    describe('values', () => {
      it.each([
        ['an object', { state: 'OPEN', failures: 3, nested: { list: [1, 'two', null, true] } }],
        ['an array', [1, 2, 3]],
        ['a string with quotes and unicode', 'il a dit "ça va" — 👍'],
        ['a number', 42.5],
        ['false', false],
        ['null', null],
      ])('round-trips %s as JSON', async (_label, value) => {
        const k = key('json');
        await store.put(k, value);
        expect((await store.get(k))?.value).toEqual(value);
      });

      it('round-trips a value of 200 KB', async () => {
        const k = key('large');
        const value = { body: 'x'.repeat(200_000), tail: 'end' };
        await store.put(k, value);
        expect((await store.get(k))?.value).toEqual(value);
      });

      it('stores a copy: changing an object after writing or reading it does not change the store', async () => {
        const k = key('copy');
        const written = { items: ['a'] };
        await store.put(k, written);
        written.items.push('written later');
        const read = (await store.get<{ items: string[] }>(k))!.value;
        read.items.push('read later');
        expect((await store.get(k))?.value).toEqual({ items: ['a'] });
      });

      it('rejects a value that JSON cannot represent', async () => {
        await expect(store.put(key('bad-value'), undefined)).rejects.toThrow(/JSON/);
      });

      it('accepts keys with any characters', async () => {
        const k = `${key('odd')} / \\ # ? % é 👍 '"`;
        await store.put(k, 'odd');
        expect((await store.get(k))?.value).toBe('odd');
        expect(await store.delete(k)).toBe(true);
      });
    });

    describe('concurrency', () => {
      it('loses no update when 50 clients increment one counter at once with compare-and-set', async () => {
        const k = key('counter');
        const clients = Array.from({ length: 50 }, () => harness.client());
        await Promise.all(clients.map((client) => incrementWithRetry(client, k)));
        expect((await store.get(k))?.value).toBe(50);
      });
    });
  });
}

function version(result: { ok: boolean; version?: string }): string {
  if (!result.ok || result.version === undefined) throw new Error('expected the write to succeed');
  return result.version;
}
