import { MAX_DEPTH } from '../../src/logger/serialize/json';
import { capture } from './helpers';

/** The fields of the one line logged with `fields`. */
function logged(fields: Record<string, unknown>) {
  const { log, records } = capture();
  log.info('m', fields);
  const [record] = records();
  const { level: _l, time: _t, message: _m, ...rest } = record;
  return rest;
}

describe('field serialisation', () => {
  it('writes strings, numbers, booleans and null as JSON does', () => {
    expect(logged({ s: 'text', n: 1.5, neg: -0, t: true, f: false, z: null })).toEqual({
      s: 'text',
      n: 1.5,
      neg: 0,
      t: true,
      f: false,
      z: null,
    });
  });

  it('escapes quotes, backslashes, control characters and lone surrogates', () => {
    const tricky = 'a "quoted" \\ back\nslash\t\u0001 \ud800 end';
    const { log, lines } = capture();
    log.info(tricky, { tricky });
    const record = JSON.parse(lines()[0]);
    expect(record.message).toBe(tricky);
    expect(record.tricky).toBe(tricky);
  });

  it('writes long strings intact', () => {
    const long = `${'x'.repeat(500)}"${'y'.repeat(500)}`;
    expect(logged({ long }).long).toBe(long);
  });

  it('writes non-finite numbers as null and bigints as strings', () => {
    expect(logged({ nan: Number.NaN, inf: Number.POSITIVE_INFINITY, big: 12345678901n })).toEqual({
      nan: null,
      inf: null,
      big: '12345678901',
    });
  });

  it('omits undefined, functions and symbols in objects and writes null for them in arrays', () => {
    expect(logged({ u: undefined, fn: () => 1, sym: Symbol('s'), list: [undefined, () => 1, 1] })).toEqual({
      list: [null, null, 1],
    });
  });

  it('writes dates as ISO strings and honours toJSON', () => {
    const money = { toJSON: () => ({ cents: 1299 }) };
    expect(logged({ at: new Date('2026-01-02T03:04:05.000Z'), money })).toEqual({
      at: '2026-01-02T03:04:05.000Z',
      money: { cents: 1299 },
    });
  });

  it('writes maps as objects, sets as arrays, and Headers as objects', () => {
    const map = new Map<unknown, unknown>([
      ['a', 1],
      [2, 'two'],
    ]);
    const headers = new Headers({ 'Content-Type': 'application/json' });
    expect(logged({ map, set: new Set([1, 2]), headers })).toEqual({
      map: { a: 1, 2: 'two' },
      set: [1, 2],
      headers: { 'content-type': 'application/json' },
    });
  });

  it('writes only the size of binary data', () => {
    expect(
      logged({ buf: Buffer.from('secret bytes'), view: new Uint16Array(4), raw: new ArrayBuffer(3) }),
    ).toEqual({
      buf: '[Buffer 12 bytes]',
      view: '[Uint16Array 8 bytes]',
      raw: '[ArrayBuffer 3 bytes]',
    });
  });

  it('writes own enumerable fields of class instances', () => {
    class Order {
      id = 'o-1';
      get total() {
        return 3;
      }
    }
    expect(logged({ order: new Order() })).toEqual({ order: { id: 'o-1' } });
  });

  it('logs a cyclic object with a [Circular] marker instead of throwing', () => {
    const order: Record<string, unknown> = { id: 'o-1' };
    order.self = order;
    order.items = [{ order }];
    expect(logged({ order })).toEqual({
      order: { id: 'o-1', self: '[Circular]', items: [{ order: '[Circular]' }] },
    });
  });

  it('marks the fields object itself as circular when it contains itself', () => {
    const fields: Record<string, unknown> = { a: 1 };
    fields.me = fields;
    expect(logged(fields)).toEqual({ a: 1, me: '[Circular]' });
  });

  it('writes an object reached twice without a cycle in full both times', () => {
    const shared = { id: 7 };
    expect(logged({ a: shared, b: [shared, shared] })).toEqual({ a: { id: 7 }, b: [{ id: 7 }, { id: 7 }] });
  });

  it(`cuts nesting deeper than ${MAX_DEPTH} levels`, () => {
    let deep: Record<string, unknown> = { bottom: true };
    for (let i = 0; i < 1000; i++) deep = { next: deep };
    let node = logged({ deep }).deep as Record<string, unknown>;
    let levels = 1;
    while (typeof node.next === 'object') {
      node = node.next as Record<string, unknown>;
      levels++;
    }
    expect(node.next).toBe('[Truncated]');
    expect(levels).toBe(MAX_DEPTH - 1);
  });

  it('writes [Unserializable] for an object whose getter throws, and keeps the rest of the line', () => {
    const hostile = {
      get boom(): never {
        throw new Error('no');
      },
    };
    expect(logged({ hostile, ok: 1 })).toEqual({ hostile: '[Unserializable]', ok: 1 });
  });

  it('survives a top-level getter that throws', () => {
    const fields = {
      ok: 1,
      get boom(): never {
        throw new Error('no');
      },
    };
    expect(logged(fields)).toEqual({ ok: 1, boom: '[Unserializable]' });
  });

  it('survives a revoked proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(logged({ proxy, ok: 1 })).toEqual({ proxy: '[Unserializable]', ok: 1 });
  });

  it("never changes the caller's objects", () => {
    const fields = {
      password: 'hunter2',
      nested: { token: 'abc', note: 'card 4111 1111 1111 1111' },
      list: [{ apiKey: 'k' }],
    };
    const before = structuredClone(fields);
    const { log } = capture({ redact: { paths: ['nested.note', 'list[*].other'] } });
    log.info('m', fields);
    expect(fields).toEqual(before);
  });

  it('puts a primitive or array passed as fields under "value"', () => {
    const { log, records } = capture();
    log.info('n', 42 as never);
    log.info('a', [1, 2] as never);
    expect(records().map((r) => r.value)).toEqual([42, [1, 2]]);
  });
});
