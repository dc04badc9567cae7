import { parseSetCookie } from '@faasade/azure-functions';

describe('parseSetCookie', () => {
  it('reads the name, the value and every attribute the Azure cookie has', () => {
    expect(
      parseSetCookie(
        'id=42; Domain=shop.example; Path=/cart; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=60; Secure; HttpOnly; SameSite=Strict',
      ),
    ).toEqual({
      name: 'id',
      value: '42',
      domain: 'shop.example',
      path: '/cart',
      expires: new Date('2026-10-21T07:28:00Z'),
      maxAge: 60,
      secure: true,
      httpOnly: true,
      sameSite: 'Strict',
    });
  });

  it('percent-decodes the value, because the host percent-encodes it again', () => {
    expect(parseSetCookie('q=a%20b%2Fc%3D')?.value).toBe('a b/c=');
  });

  it('keeps a value that is not valid percent-encoding as it is', () => {
    expect(parseSetCookie('rate=100%')?.value).toBe('100%');
  });

  it('removes the double quotes around a quoted value', () => {
    expect(parseSetCookie('v="abc"; Path=/')?.value).toBe('abc');
  });

  it('keeps an empty value, and = signs inside the value', () => {
    expect(parseSetCookie('gone=; Max-Age=0')).toEqual({ name: 'gone', value: '', maxAge: 0 });
    expect(parseSetCookie('token=abc==')?.value).toBe('abc==');
  });

  it('reads attribute names in any case and SameSite=None', () => {
    expect(parseSetCookie('a=1; secure; HTTPONLY; samesite=none')).toEqual({
      name: 'a',
      value: '1',
      secure: true,
      httpOnly: true,
      sameSite: 'None',
    });
  });

  it('drops attributes the Azure cookie can not carry, and ones it can not read', () => {
    expect(parseSetCookie('a=1; Partitioned; Priority=High; Expires=soon; Max-Age=1.5')).toEqual({
      name: 'a',
      value: '1',
    });
  });

  it('skips a cookie without a name, which the host can not send', () => {
    expect(parseSetCookie('novalue')).toBeUndefined();
    expect(parseSetCookie('=value')).toBeUndefined();
  });
});
