import { clientIp, withoutPrefix } from '../../src/http/request';

describe('withoutPrefix', () => {
  it('removes the route prefix as a whole first segment, in any case', () => {
    expect(withoutPrefix('/api/orders/1', 'api')).toBe('/orders/1');
    expect(withoutPrefix('/API/orders', 'api')).toBe('/orders');
    expect(withoutPrefix('/api', 'api')).toBe('/');
    expect(withoutPrefix('/api/', 'api')).toBe('/');
  });

  it('leaves paths that only start with the same letters, and every path when there is no prefix', () => {
    expect(withoutPrefix('/apiary/1', 'api')).toBe('/apiary/1');
    expect(withoutPrefix('/orders', 'api')).toBe('/orders');
    expect(withoutPrefix('/api/orders', '')).toBe('/api/orders');
  });
});

describe('clientIp', () => {
  it('takes the first X-Forwarded-For address without the port App Service adds', () => {
    expect(clientIp('203.0.113.7:51234, 10.0.0.1')).toBe('203.0.113.7');
    expect(clientIp('203.0.113.7')).toBe('203.0.113.7');
    expect(clientIp('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(clientIp('2001:db8::1')).toBe('2001:db8::1');
  });

  it('has no address without the header', () => {
    expect(clientIp(undefined)).toBeUndefined();
    expect(clientIp('')).toBeUndefined();
  });
});
