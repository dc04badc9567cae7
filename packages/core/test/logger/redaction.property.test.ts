import fc from 'fast-check';
import { allStrings, capture, inInvocation } from './helpers';

/**
 * The security property: wherever a secret is planted in arbitrary nested data (objects,
 * arrays, maps, errors, cycles), under whichever channel (fields, message, persistent keys,
 * child bindings, invocation keys), no string of the written line contains it.
 */

const PATHS = ['customer.email', 'items[*].secretNote'];
const marker = fc.stringMatching(/^[A-Za-z0-9]{16,24}$/).map((s) => `S3CRET${s}`);

// --- secrets ---------------------------------------------------------------------------------

const luhnCard = fc
  .record({
    body: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 }),
    first: fc.integer({ min: 1, max: 9 }),
  })
  .map(({ body, first }) => {
    const digits = [first, ...body.slice(1)];
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = digits[digits.length - 1 - i];
      if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return [...digits, (10 - (sum % 10)) % 10].join('');
  });

const cardFormat = fc.constantFrom('plain', 'spaces', 'dashes');
const formatCard = (digits: string, format: string) =>
  format === 'plain' ? digits : (digits.match(/.{1,4}/g) ?? []).join(format === 'spaces' ? ' ' : '-');

/**
 * Any text; the card is set apart from it by a character that is neither a digit nor a letter
 * (glued to either, it is part of another number or token, as a regex `\b` would see it).
 */
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 12 }));
const delimiter = fc.constantFrom(' ', '-', ':', '/', '\n', '"', '_', '=', '(', '.', ',');

const base64url = (s: string) => Buffer.from(s).toString('base64url');

interface Planted {
  /** Strings that must not appear in any string of the line (after removing separators for cards). */
  secrets: string[];
  digits?: string;
  value: unknown;
}

const jwtSecret = fc.record({ m: marker, before: text, after: text }).map(({ m, before, after }): Planted => {
  const token = `${base64url('{"alg":"HS256"}')}.${base64url(JSON.stringify({ sub: m }))}.${base64url(m).slice(0, 20)}`;
  return { secrets: [token, token.split('.')[1]], value: `${before}${token}${after}` };
});

const cardSecret = fc
  .record({ digits: luhnCard, format: cardFormat, before: text, after: text, d1: delimiter, d2: delimiter })
  .map(({ digits, format, before, after, d1, d2 }): Planted => {
    const card = formatCard(digits, format);
    return { secrets: [card], digits, value: `${before}${d1}${card}${d2}${after}` };
  });

const secretName = fc
  .record({
    base: fc.constantFrom(
      'password',
      'passwd',
      'secret',
      'token',
      'apiKey',
      'accessKey',
      'privateKey',
      'clientSecret',
      'credentials',
    ),
    style: fc.constantFrom('camel', 'snake', 'kebab', 'upper', 'lower'),
    prefix: fc.constantFrom('', 'db', 'x-', 'my_', 'AWS_'),
  })
  .map(({ base, style, prefix }) => {
    const words = `${prefix}${base}`
      .replace(/[-_]/g, ' ')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .trim()
      .split(/\s+/);
    if (style === 'snake') return words.join('_').toLowerCase();
    if (style === 'kebab') return words.join('-').toLowerCase();
    if (style === 'upper') return words.join('_').toUpperCase();
    if (style === 'lower') return words.join('').toLowerCase();
    return words
      .map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase()))
      .join('');
  });

const namedSecret = fc
  .record({ name: secretName, m: marker, n: fc.option(fc.integer({ min: 100_000_000, max: 999_999_999 })) })
  .map(
    ({ name, m, n }): Planted =>
      n === null ? { secrets: [m], value: { [name]: m } } : { secrets: [String(n)], value: { [name]: n } },
  );

const headerSecret = fc
  .record({
    name: fc.constantFrom('authorization', 'Authorization', 'COOKIE', 'Set-Cookie', 'x-api-key', 'X-Api-Key'),
    m: marker,
    raw: fc.boolean(),
  })
  .map(
    ({ name, m, raw }): Planted => ({
      secrets: [m],
      value: raw ? ['Host', 'h', name, `Bearer ${m}`] : { headers: { [name]: m } },
    }),
  );

const pathSecret = fc
  .record({
    m: marker,
    which: fc.boolean(),
    others: fc.array(fc.record({ sku: fc.string() }), { maxLength: 3 }),
  })
  .map(
    ({ m, which, others }): Planted => ({
      secrets: [m],
      value: which
        ? { customer: { email: m, id: 'c-1' } }
        : { items: [...others, { sku: 's', secretNote: m }, ...others] },
    }),
  );

// --- where it is planted ---------------------------------------------------------------------

const filler = fc.jsonValue({ maxDepth: 2 });
const step = fc.oneof(
  fc.record({
    kind: fc.constant('object' as const),
    key: fc.string(),
    siblings: fc.dictionary(fc.string(), filler, { maxKeys: 3 }),
    back: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('array' as const),
    before: fc.array(filler, { maxLength: 2 }),
    after: fc.array(filler, { maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant('map' as const), key: fc.string() }),
  fc.record({ kind: fc.constant('cause' as const), message: fc.string() }),
  fc.record({ kind: fc.constant('errorField' as const), key: fc.string() }),
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Wraps the secret in the steps, innermost first; some objects point back at the root (a cycle). */
function wrap(value: unknown, steps: Step[]) {
  const backs: Record<string, unknown>[] = [];
  let node = value;
  for (const s of steps) {
    if (s.kind === 'object') {
      const container: Record<string, unknown> = { ...s.siblings };
      // defineProperty, so that a generated "__proto__" key is a field and not the prototype.
      Object.defineProperty(container, s.key, {
        value: node,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (s.back) backs.push(container);
      node = container;
    } else if (s.kind === 'array') node = [...s.before, node, ...s.after];
    else if (s.kind === 'map') node = new Map([[s.key, node]]);
    else if (s.kind === 'cause') node = new Error(s.message, { cause: node });
    else node = Object.assign(new Error('failed'), { [s.key]: node });
  }
  const root =
    typeof node === 'object' && node !== null && !Array.isArray(node) && !(node instanceof Map)
      ? node
      : { data: node };
  for (const container of backs) container[`loop${backs.indexOf(container)}`] = root;
  return root as Record<string, unknown>;
}

const planted = fc.oneof(jwtSecret, cardSecret, namedSecret, headerSecret);
const channel = fc.constantFrom('fields', 'persistent', 'child', 'invocationKeys');

function expectHidden(line: string, p: Planted) {
  const strings = allStrings(JSON.parse(line));
  for (const secret of p.secrets) {
    expect(line).not.toContain(secret);
    for (const s of strings) expect(s).not.toContain(secret);
  }
  if (p.digits) for (const s of strings) expect(s.replace(/[\s-]/g, '')).not.toContain(p.digits);
}

describe('redaction, property-based', () => {
  it('never writes a secret planted anywhere in arbitrary nested data', () => {
    fc.assert(
      fc.property(
        fc.oneof(planted, pathSecret),
        fc.array(step, { maxLength: 6 }),
        channel,
        (p, steps, via) => {
          // Path secrets only make sense at the top of the fields: keep them unwrapped there.
          const isPath =
            typeof p.value === 'object' && p.value !== null && ('customer' in p.value || 'items' in p.value);
          const fields = isPath ? (p.value as Record<string, unknown>) : wrap(p.value, steps);
          const { log, lines } = capture({ redact: { paths: PATHS } });
          inInvocation('inv-prop', () => {
            if (via === 'persistent') log.appendPersistentKeys(fields);
            if (via === 'invocationKeys') log.appendKeys(fields);
            if (via === 'child') log.child(fields).info('m');
            else log.info('m', via === 'fields' ? fields : undefined);
          });
          expect(lines()).toHaveLength(1);
          expectHidden(lines()[0], p);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never writes a JWT or card number planted in the message', () => {
    fc.assert(
      fc.property(fc.oneof(jwtSecret, cardSecret), (p) => {
        const { log, lines } = capture();
        log.warn(p.value as string);
        expectHidden(lines()[0], p);
      }),
      { numRuns: 200 },
    );
  });

  it('always writes exactly one valid JSON line, whatever the fields, and never throws', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withMap: true,
          withSet: true,
          withDate: true,
          withTypedArray: true,
          withBigInt: true,
          withNullPrototype: true,
        }),
        (value) => {
          const { log, lines } = capture();
          log.info('m', { value });
          expect(lines()).toHaveLength(1);
          expect(() => JSON.parse(lines()[0])).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes JSON values exactly as JSON.stringify does when redaction is off', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const { log, records } = capture({ redact: false });
        log.info('m', { value });
        expect(records()[0].value).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
});
