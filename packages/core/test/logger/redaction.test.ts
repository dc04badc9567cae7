import { containsCardNumber, needsScan, scrubString } from '../../src/logger/redaction/strings';
import { capture, jwt } from './helpers';

function logged(fields: Record<string, unknown>, options: Parameters<typeof capture>[0] = {}) {
  const { log, records, lines } = capture(options);
  log.info('m', fields);
  return { record: records()[0], line: lines()[0] };
}

describe('redaction of secret-looking names', () => {
  it.each([
    'authorization',
    'Authorization',
    'AUTHORIZATION',
    'cookie',
    'Cookie',
    'set-cookie',
    'Set-Cookie',
    'x-api-key',
    'X-API-Key',
    'proxy-authorization',
  ])('hides the %s header', (name) => {
    const { record } = logged({ headers: { [name]: 'value-1', accept: 'text/html' } });
    expect(record.headers).toEqual({ [name]: '[REDACTED]', accept: 'text/html' });
  });

  it.each([
    'password',
    'dbPassword',
    'user_passwd',
    'secret',
    'clientSecret',
    'client_secret',
    'CLIENT-SECRET',
    'token',
    'accessToken',
    'refresh_token',
    'apiKey',
    'api_key',
    'API-KEY',
    'accessKey',
    'AWS_SECRET_ACCESS_KEY',
    'privateKey',
    'private-key',
    'credentials',
    'gcpCredential',
    'cardNumber',
  ])('hides a field named %s', (name) => {
    expect(logged({ [name]: 'value-1' }).record[name]).toBe('[REDACTED]');
  });

  it('hides a whole object or array under a secret name', () => {
    const { record } = logged({ credentials: { user: 'u', pass: 'p' }, tokens: ['a', 'b'] });
    expect(record).toMatchObject({ credentials: '[REDACTED]', tokens: '[REDACTED]' });
  });

  it('hides numbers but keeps flags and nulls under a secret name', () => {
    const { record } = logged({ pin_password: 1234, hasToken: true, apiKey: null });
    expect(record).toMatchObject({ pin_password: '[REDACTED]', hasToken: true, apiKey: null });
  });

  it('leaves ordinary names alone', () => {
    const fields = { user: 'ada', orderId: 'o-1', keyId: 'k-1', author: 'me', cookbook: 'x' };
    expect(logged(fields).record).toMatchObject(fields);
  });

  it('hides secret names at any depth and inside arrays', () => {
    const { record } = logged({ a: { b: [{ c: { password: 'p1' } }, { apiKey: 'k2' }] } });
    expect(record.a).toEqual({ b: [{ c: { password: '[REDACTED]' } }, { apiKey: '[REDACTED]' }] });
  });

  it('hides the value after a secret header name in a raw header list', () => {
    const rawHeaders = ['Host', 'example.com', 'Authorization', 'Basic dXNlcjpwYXNz', 'Cookie', 'sid=1'];
    expect(logged({ rawHeaders }).record.rawHeaders).toEqual([
      'Host',
      'example.com',
      'Authorization',
      '[REDACTED]',
      'Cookie',
      '[REDACTED]',
    ]);
  });

  it('hides secret names in Map keys and Headers', () => {
    const map = new Map([['Authorization', 'Bearer x']]);
    const headers = new Headers({ 'x-api-key': 'k', accept: '*/*' });
    expect(logged({ map, headers }).record).toMatchObject({
      map: { Authorization: '[REDACTED]' },
      headers: { 'x-api-key': '[REDACTED]', accept: '*/*' },
    });
  });

  it('hides names given in redact.keys, matched like the built-in ones', () => {
    const { record } = logged(
      { customerSSN: '123-45-6789', ssn_last4: '6789' },
      { redact: { keys: ['ssn'] } },
    );
    expect(record).toMatchObject({ customerSSN: '[REDACTED]', ssn_last4: '[REDACTED]' });
  });

  it('uses a configured censor', () => {
    expect(logged({ password: 'p' }, { redact: { censor: '***' } }).record.password).toBe('***');
  });

  it('turns every rule off with redact: false', () => {
    const token = jwt();
    expect(logged({ password: 'p', note: token }, { redact: false }).record).toMatchObject({
      password: 'p',
      note: token,
    });
  });
});

describe('redaction of secret-looking strings', () => {
  it('redacts a JWT inside a sentence', () => {
    const token = jwt();
    const { record, line } = logged({ note: `called with Bearer ${token} today` });
    expect(record.note).toBe('called with Bearer [REDACTED] today');
    expect(line).not.toContain(token.split('.')[1]);
  });

  it('redacts a JWT inside an array', () => {
    const token = jwt();
    expect(logged({ list: ['a', token, 'b'] }).record.list).toEqual(['a', '[REDACTED]', 'b']);
  });

  it('redacts a JWT in the message and in a key', () => {
    const token = jwt();
    const { log, lines } = capture();
    log.info(`login with ${token}`, { [token]: 1 });
    expect(lines()[0]).not.toContain(token);
  });

  it('redacts an unsigned JWT and a five-part JWE', () => {
    const unsigned = `${jwt().split('.').slice(0, 2).join('.')}.`;
    const jwe =
      'eyJhbGciOiJSU0EtT0FFUCJ9.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ';
    const { record } = logged({ unsigned, jwe });
    expect(record).toMatchObject({ unsigned: '[REDACTED]', jwe: '[REDACTED]' });
  });

  it('leaves text that merely contains eyJ alone', () => {
    expect(logged({ note: 'eyJ is how base64 JSON starts' }).record.note).toBe(
      'eyJ is how base64 JSON starts',
    );
  });

  it.each([
    ['plain', '4111111111111111'],
    ['with spaces', '4111 1111 1111 1111'],
    ['with dashes', '5500-0000-0000-0004'],
    ['Amex, 15 digits', '3782 822463 10005'],
    ['13 digits', '4222222222222'],
    ['19 digits', '6011000990139424009'],
  ])('redacts a Luhn-valid card number (%s) inside text', (_label, card) => {
    const { record } = logged({ note: `paid with ${card}, thanks` });
    expect(record.note).toBe('paid with [REDACTED], thanks');
  });

  it('redacts a card number followed by an expiry or a CVV', () => {
    const { record } = logged({ a: '4111111111111111 12 29', b: 'card 4111-1111-1111-1111-123' });
    expect(record).toMatchObject({ a: '[REDACTED]', b: 'card [REDACTED]' });
  });

  it('keeps digit runs that fail the Luhn check or are too short', () => {
    const fields = { invalid: '4111 1111 1111 1112', short: '411111111111', phone: '+1 555 0100' };
    expect(logged(fields).record).toMatchObject(fields);
  });

  it('keeps a long number whose digits are glued, not separated, from a card', () => {
    // One number, not a card inside another: 17 digits, and 20 digits that pass Luhn as a whole.
    const fields = { id: '54111111111111111', longer: '41111111111111111115' };
    expect(logged(fields).record).toMatchObject(fields);
  });

  it('keeps UUIDs and hex ids whole, even where their digit groups pass the Luhn check', () => {
    const fields = {
      invocationId: 'c6af9ac6-7b61-11e6-9a41-000000000001',
      allDigits: '12345678-1234-1234-1234-100000000009',
      digest: 'f00d41000000000001beef',
    };
    expect(logged(fields).record).toMatchObject(fields);
  });

  it('keeps a digit run glued to letters, as a word boundary would, but not a card set apart inside it', () => {
    // The whole run goes when a card is in it: "12 4111…" is one run, and "12" with it.
    const { record } = logged({ glued: 'sku4111111111111111', apart: 'ab12 4111111111111111' });
    expect(record).toMatchObject({ glued: 'sku4111111111111111', apart: 'ab[REDACTED]' });
  });

  it('redacts card numbers in every string of an array of orders', () => {
    const orders = [{ note: 'card 4111111111111111' }, { note: 'no card' }];
    expect(logged({ orders }).record.orders).toEqual([{ note: 'card [REDACTED]' }, { note: 'no card' }]);
  });
});

describe('the cheap pre-check', () => {
  it('lets strings without eyJ and with fewer than 13 digits skip the scan', () => {
    expect(needsScan('order o-123 for customer 456')).toBe(false);
    expect(needsScan('123456789012')).toBe(false);
  });

  it('sends strings with eyJ or 13+ digits to the scan', () => {
    expect(needsScan('token: eyJhbGciOi')).toBe(true);
    expect(needsScan('1234 5678 9012 3')).toBe(true);
  });

  it('finds a 13-digit stretch at any offset, though it samples only every 13th character', () => {
    for (let before = 0; before < 40; before++) {
      for (const after of [0, 1, 12, 13, 14]) {
        expect(needsScan(`${'a'.repeat(before)}4111-111111111${'b'.repeat(after)}`)).toBe(true);
        expect(needsScan(`${'a'.repeat(before)}4111x11111111${'b'.repeat(after)}`)).toBe(false);
      }
    }
  });

  it('lets a random UUID skip the scan', () => {
    expect(needsScan('f47ac10b-58cc-4372-a567-0e02b2c3d479')).toBe(false);
  });

  it('agrees with a direct Luhn check on every 13–19 digit window of a run', () => {
    const luhn = (digits: string) => {
      let sum = 0;
      for (let i = 0; i < digits.length; i++) {
        let d = Number(digits[digits.length - 1 - i]);
        if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
      return sum % 10 === 0;
    };
    for (let seed = 1; seed < 3000; seed++) {
      const digits =
        String((seed * 2654435761) % 10 ** 9).padStart(9, '7') + String(seed * 97).padStart(8, '3');
      expect(containsCardNumber(digits)).toBe(digits.length <= 19 && luhn(digits));
      const grouped = `${digits.slice(0, 4)} ${digits.slice(4)}`;
      const groups = [digits.slice(4), digits].filter((g) => g.length >= 13 && g.length <= 19);
      expect(containsCardNumber(grouped)).toBe(groups.some(luhn));
    }
  });

  it('scrubs both kinds in one string', () => {
    expect(scrubString(`${jwt()} and 4111111111111111`, '#')).toBe('# and #');
  });
});
