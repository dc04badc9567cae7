import type { Harness } from '@faasade/testing';
import { describeContract, scenarioById } from '@faasade/testing/contract';
import { localHarness } from '@faasade/testing/local';

// The suite run as a user runs it against a harness of their own: here a local harness behind a
// "front end" that strips Cache-Control from every response, a difference the user documents
// with its reason. The suite must then assert the documented behaviour for that scenario (and
// the contract everywhere else).

function strippingCacheControl(inner: Harness): Harness {
  return {
    ...inner,
    cloud: inner.cloud,
    http: async (request, options) => {
      const res = await inner.http(request, options);
      const headers = new Headers(res.headers);
      headers.delete('cache-control');
      const nullBody = res.status === 204 || res.status === 304;
      return new Response(nullBody ? null : await res.arrayBuffer(), { status: res.status, headers });
    },
    queue: (...args) => inner.queue(...args),
    schedule: (name) => inner.schedule(name),
    event: (name, ce) => inner.event(name, ce),
    warmup: (name) => inner.warmup(name),
    logs: () => inner.logs(),
    clearLogs: () => inner.clearLogs(),
    newInstance: () => inner.newInstance(),
    close: () => inner.close(),
  };
}

const headersScenario = scenarioById('http.headers');

describe('the documented difference', () => {
  it('overrides a field the scenario really expects, so it cannot silently stop applying', () => {
    expect(headersScenario.expected).toHaveProperty('cacheControl');
    expect((headersScenario.expected as { cacheControl: unknown }).cacheControl).not.toBeNull();
  });
});

describeContract(
  'a user harness with a documented difference',
  (app) => strippingCacheControl(localHarness(app)),
  {
    triggers: ['http'],
    only: ['http.status-codes', 'http.headers', 'http.cookies', 'http.thrown-error'],
    differences: [
      {
        cloud: 'local',
        scenario: 'http.headers',
        reason: 'the front end in front of this function strips Cache-Control to set its own caching rules',
        observed: { ...(headersScenario.expected as Record<string, unknown>), cacheControl: null },
      },
    ],
  },
);

describeContract('an async harness factory, queue scenarios only', async (app) => localHarness(app), {
  triggers: ['queue'],
});
