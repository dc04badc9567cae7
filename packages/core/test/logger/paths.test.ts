import { InvalidRedactPathError, Logger } from '../../src/logger';
import { parsePath } from '../../src/logger/redaction/paths';
import { capture, inInvocation } from './helpers';

function logged(paths: string[], fields: Record<string, unknown>) {
  const { log, records } = capture({ redact: { paths } });
  log.info('m', fields);
  const { level: _l, time: _t, message: _m, ...rest } = records()[0];
  return rest;
}

describe('configured redaction paths', () => {
  it('hides a nested key', () => {
    expect(logged(['customer.email'], { customer: { email: 'a@b.c', id: 'c-1' } })).toEqual({
      customer: { email: '[REDACTED]', id: 'c-1' },
    });
  });

  it('hides a key in every element of an array', () => {
    const items = [
      { sku: 'a', secretNote: 'n1' },
      { sku: 'b', secretNote: 'n2' },
    ];
    expect(logged(['items[*].secretNote'], { items })).toEqual({
      items: [
        { sku: 'a', secretNote: '[REDACTED]' },
        { sku: 'b', secretNote: '[REDACTED]' },
      ],
    });
  });

  it('hides one element of an array by index', () => {
    expect(logged(['list[1]'], { list: ['a', 'b', 'c'] })).toEqual({ list: ['a', '[REDACTED]', 'c'] });
  });

  it('hides a whole top-level field', () => {
    expect(logged(['customer'], { customer: { email: 'a@b.c' }, id: 1 })).toEqual({
      customer: '[REDACTED]',
      id: 1,
    });
  });

  it('matches any key with *', () => {
    expect(logged(['*.email'], { billing: { email: 'x' }, shipping: { email: 'y', city: 'z' } })).toEqual({
      billing: { email: '[REDACTED]' },
      shipping: { email: '[REDACTED]', city: 'z' },
    });
  });

  it('applies a wildcard path and a specific path that share a prefix', () => {
    const fields = { a: { b: { x: 1, y: 2, z: 3 }, c: { x: 4, y: 5 } } };
    expect(logged(['a.*.x', 'a.b.y'], fields)).toEqual({
      a: { b: { x: '[REDACTED]', y: '[REDACTED]', z: 3 }, c: { x: '[REDACTED]', y: 5 } },
    });
  });

  it('reads quoted keys that contain dots', () => {
    expect(logged(['headers["x.trace"]'], { headers: { 'x.trace': 't', x: { trace: 'kept' } } })).toEqual({
      headers: { 'x.trace': '[REDACTED]', x: { trace: 'kept' } },
    });
  });

  it('follows paths into Maps', () => {
    expect(logged(['m.email'], { m: new Map([['email', 'a@b.c']]) })).toEqual({ m: { email: '[REDACTED]' } });
  });

  it('leaves fields that do not exist on the path alone', () => {
    expect(logged(['customer.email'], { customer: 'just a name' })).toEqual({ customer: 'just a name' });
  });

  it('applies to persistent keys, child bindings and invocation keys too', () => {
    const { log, records } = capture({
      redact: { paths: ['user.email'] },
      persistentKeys: { user: { email: 'p' } },
    });
    log.child({ user: { email: 'c' } }).info('child');
    inInvocation('inv-1', () => {
      log.appendKeys({ user: { email: 'k' } });
      log.info('keys');
    });
    expect(records().map((r) => r.user)).toEqual([{ email: '[REDACTED]' }, { email: '[REDACTED]' }]);
  });

  it.each(['', 'a.', 'a..b', 'items[*', 'a[b]', '.a'])(
    'rejects the path %j with an InvalidRedactPathError',
    (path) => {
      expect(() => new Logger({ redact: { paths: [path] } })).toThrow(InvalidRedactPathError);
    },
  );

  it('says which path it could not read and how to write one', () => {
    expect(() => parsePath('items[*')).toThrow(/items\[\*.*never closed.*items\[\*\]\.secretNote/);
  });
});
