import { compileRoute, matchRoute, Router, toBraceTemplate } from '../../src/function/router';
import { http } from '../../src/function/define';

const ok = () => ({});

describe('route templates', () => {
  it('extracts and decodes parameters', () => {
    expect(matchRoute(compileRoute('/orders/:id'), '/orders/a%20b')).toEqual({ id: 'a b' });
  });

  it('accepts the {name} form too', () => {
    expect(matchRoute(compileRoute('/orders/{id}/items/{sku}'), '/orders/1/items/x')).toEqual({
      id: '1',
      sku: 'x',
    });
  });

  it('puts the rest of the path in * for a wildcard', () => {
    expect(matchRoute(compileRoute('/files/*'), '/files/a/b/c.txt')).toEqual({ '*': 'a/b/c.txt' });
  });

  it('does not match a path with a different number of segments', () => {
    expect(matchRoute(compileRoute('/orders/:id'), '/orders/1/extra')).toBeUndefined();
    expect(matchRoute(compileRoute('/orders/:id'), '/orders')).toBeUndefined();
  });

  it('keeps a malformed percent-encoding as it came instead of throwing', () => {
    expect(matchRoute(compileRoute('/x/:v'), '/x/%E0%A4%A')).toEqual({ v: '%E0%A4%A' });
  });

  it('rejects malformed templates with an error naming the template', () => {
    expect(() => compileRoute('orders')).toThrow('Route "orders" must start with "/"');
    expect(() => compileRoute('/a/*/b')).toThrow('only allowed at the end');
    expect(() => compileRoute('/a/:1x')).toThrow('not a valid parameter name');
  });

  it('converts to the brace form Azure and API Gateway use', () => {
    expect(toBraceTemplate(compileRoute('/orders/:id'))).toBe('orders/{id}');
    expect(toBraceTemplate(compileRoute('/files/*'))).toBe('files/{*faasade_rest}');
  });
});

describe('Router', () => {
  const router = new Router(
    Object.entries({
      byId: http({ method: 'GET', route: '/orders/:id' }, ok),
      latest: http({ method: 'GET', route: '/orders/latest' }, ok),
      create: http({ method: 'POST', route: '/orders' }, ok),
      any: http({ method: 'GET', route: '/static/*' }, ok),
    }),
  );

  it('prefers a literal segment over a parameter', () => {
    const m = router.match('GET', '/orders/latest');
    expect(m.kind === 'found' && m.entry.name).toBe('latest');
  });

  it('answers 405 with the allowed methods when only the method is wrong', () => {
    expect(router.match('DELETE', '/orders')).toEqual({ kind: 'method-not-allowed', allow: ['POST'] });
  });

  it('answers not-found for an unknown path', () => {
    expect(router.match('GET', '/nope')).toEqual({ kind: 'not-found' });
  });

  it('serves HEAD with the GET function', () => {
    const m = router.match('HEAD', '/orders/7');
    expect(m.kind === 'found' && m.params).toEqual({ id: '7' });
  });

  it('ignores a trailing slash on a literal route', () => {
    expect(router.match('POST', '/orders/').kind).toBe('found');
  });
});
