import type { Harness } from '@faasade/testing';
import {
  AN_ID,
  canonicalCookie,
  charsetOf,
  contractApp,
  contractScenarios,
  leaksDetail,
  mediaType,
  type PlatformDifference,
  platformDifference,
  platformDifferences,
  platformTraceHeaders,
  scenarioById,
  scenariosFor,
  withoutIds,
} from '@faasade/testing/contract';

const CLOUDS: readonly Harness['cloud'][] = ['aws', 'azure', 'gcp', 'local'];

describe('platformDifference', () => {
  it('finds the row for a cloud and scenario, and only for the variants it names', () => {
    const row = platformDifference('aws', 'http.cookies', 'alb');
    expect(row).toMatchObject({ cloud: 'aws', variants: ['alb'], scenario: 'http.cookies' });
    expect(row?.reason).toMatch(/multi-value headers/);
    expect(platformDifference('aws', 'http.cookies', 'alb-multi')).toBeUndefined();
    expect(platformDifference('aws', 'http.cookies', 'v2')).toBeUndefined();
    // A row limited to variants does not apply to a harness that names none.
    expect(platformDifference('aws', 'http.cookies')).toBeUndefined();
    expect(platformDifference('azure', 'http.cookies', 'alb')).toBeUndefined();
  });

  it('applies a row without variants to every variant of its cloud', () => {
    expect(platformDifference('gcp', 'http.malformed-json')?.cloud).toBe('gcp');
    expect(platformDifference('gcp', 'http.malformed-json', 'anything')?.cloud).toBe('gcp');
    expect(platformDifference('local', 'http.malformed-json')).toBeUndefined();
  });

  it("searches a user's extra rows first", () => {
    const mine: PlatformDifference = {
      cloud: 'gcp',
      scenario: 'http.malformed-json',
      reason: 'my own front end answers it',
      observed: { status: 400 },
    };
    expect(platformDifference('gcp', 'http.malformed-json', undefined, [mine])).toBe(mine);
    expect(platformDifference('aws', 'http.query', 'alb', [mine])?.reason).toMatch(/ALB/);
  });
});

describe('the platform differences table', () => {
  it('names a real cloud and scenario in every row, with a reason, at most once per cloud and variant', () => {
    const seen = new Set<string>();
    for (const row of platformDifferences) {
      expect(CLOUDS).toContain(row.cloud);
      expect(() => scenarioById(row.scenario)).not.toThrow();
      expect(row.reason.length).toBeGreaterThan(40);
      for (const variant of row.variants ?? ['*']) {
        const key = `${row.cloud}/${variant}/${row.scenario}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    }
  });

  it('documents a behaviour that differs from the contract in every row (else the row is stale)', () => {
    for (const row of platformDifferences) {
      expect({ scenario: row.scenario, observed: row.observed }).not.toEqual({
        scenario: row.scenario,
        observed: scenarioById(row.scenario).expected,
      });
    }
  });

  it('never excuses the local harness: the reference has no platform', () => {
    expect(platformDifferences.filter((row) => row.cloud === 'local')).toEqual([]);
  });
});

describe('the scenario list', () => {
  it('has unique ids, each with a title and an expected observation', () => {
    const ids = contractScenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of contractScenarios) {
      expect(s.id).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
      expect(s.title.length).toBeGreaterThan(10);
      expect(s.expected).not.toBeUndefined();
    }
  });

  it('covers every trigger and every function of the contract app', () => {
    expect(new Set(contractScenarios.map((s) => s.trigger))).toEqual(
      new Set(['http', 'queue', 'schedule', 'event']),
    );
    const { app } = contractApp();
    const source = contractScenarios.map((s) => s.observe.toString()).join('\n');
    for (const [name, fn] of Object.entries(app.functions)) {
      const reference =
        fn.kind === 'http' ? fn.options.route.split('/')[1] : JSON.stringify(name).replaceAll('"', "'");
      expect({ name, used: source.includes(reference) }).toEqual({ name, used: true });
    }
  });

  it('selects the scenarios of the triggers a harness serves', () => {
    const httpOnly = scenariosFor(['http']);
    expect(httpOnly.length).toBeGreaterThan(20);
    expect(httpOnly.every((s) => s.trigger === 'http')).toBe(true);
    expect(scenariosFor()).toHaveLength(contractScenarios.length);
    expect(scenariosFor(['schedule']).map((s) => s.id)).toEqual(['schedule.run']);
    expect(scenariosFor(['http'], ['queue.poison', 'http.cookies']).map((s) => s.id)).toEqual([
      'http.cookies',
    ]);
    expect(() => scenariosFor(['http'], ['http.nope'])).toThrow('No contract scenario "http.nope"');
  });

  it('throws for an unknown scenario id', () => {
    expect(() => scenarioById('http.nope')).toThrow('No contract scenario "http.nope"');
  });
});

describe('observation helpers', () => {
  it('compares Set-Cookie lines by meaning: attribute names and SameSite in any case, in any order', () => {
    expect(canonicalCookie('sid=a%20b; Path=/; HttpOnly; SameSite=Lax; Secure')).toBe(
      canonicalCookie('sid=a%20b; secure; samesite=lax; httponly; path=/'),
    );
    expect(canonicalCookie('seen=yes; Expires=Wed, 21 Oct 2026 07:28:00 GMT')).toBe(
      canonicalCookie('seen=yes; expires=Wed, 21-Oct-2026 07:28:00 GMT'),
    );
    // The value is compared exactly: a re-encoded value is a different cookie.
    expect(canonicalCookie('sid=a%20b')).not.toBe(canonicalCookie('sid=a b'));
    expect(canonicalCookie('sid=1; Path=/')).not.toBe(canonicalCookie('sid=1; Path=/x'));
  });

  it('reads the media type and charset of a Content-Type', () => {
    expect(mediaType('Application/JSON; charset=UTF-8')).toBe('application/json');
    expect(mediaType(null)).toBeNull();
    expect(charsetOf('text/plain; charset="UTF-8"')).toBe('utf-8');
    expect(charsetOf('text/plain')).toBeNull();
  });

  it('replaces a non-empty invocation id, and only that', () => {
    expect(withoutIds({ error: { code: 'X' }, invocationId: 'abc' })).toEqual({
      error: { code: 'X' },
      invocationId: AN_ID,
    });
    expect(withoutIds({ error: { code: 'X' }, invocationId: '' })).toEqual({
      error: { code: 'X' },
      invocationId: '',
    });
    expect(withoutIds({ error: { code: 'X' } })).toEqual({ error: { code: 'X' } });
    expect(withoutIds('text')).toBe('text');
  });

  it('spots a stack frame or the secret in a body', () => {
    expect(leaksDetail('{"error":{"message":"Internal server error"}}', 'hunter2')).toBe(false);
    expect(leaksDetail('boom hunter2', 'hunter2')).toBe(true);
    expect(leaksDetail('    at handler (/srv/app.js:10:5)', 'hunter2')).toBe(true);
    expect(leaksDetail('TypeError: x is undefined', 'hunter2')).toBe(true);
  });

  it("writes each cloud's own trace header for the same trace", () => {
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(platformTraceHeaders('aws')['x-amzn-trace-id']).toBe(
      'Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=00f067aa0ba902b7;Sampled=1',
    );
    // Google's header carries the span id in decimal.
    expect(platformTraceHeaders('gcp')['x-cloud-trace-context']).toBe(
      `${trace}/${BigInt('0x00f067aa0ba902b7')};o=1`,
    );
    expect(platformTraceHeaders('azure').traceparent).toBe(`00-${trace}-00f067aa0ba902b7-01`);
    expect(platformTraceHeaders('local').traceparent).toBe(`00-${trace}-00f067aa0ba902b7-01`);
  });
});
