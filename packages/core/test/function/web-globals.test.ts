import { runScript } from '../telemetry/support/child';

// A fresh process: jest itself has long loaded undici, so only a child can show what loads.
const probe = `
const core = require('./packages/core/src/index.ts');
const loaded = () => typeof Object.getOwnPropertyDescriptor(globalThis, 'Request').get !== 'function';
const app = core.defineApp({ service: 'p', functions: {
  f: core.http({ method: 'POST', route: '/f' }, async (req, ctx) => core.json({ n: (await req.json()).n, t: req.header('content-type') })),
} });
new core.Runtime(app, { cloud: 'local' })
  .http({ method: 'POST', path: '/f', query: '', headers: { 'content-type': 'application/json' }, body: '{"n":1}' })
  .then((out) => {
    const before = loaded();
    const req = core.createRequest({ method: 'GET', url: 'http://x/', headers: {} });
    const res = core.json({});
    const linked = req instanceof Request && res instanceof Response;
    console.log(JSON.stringify({ out: out.body, undiciBefore: before, linked, cache: req.cache }));
  });
`;

describe('the Fetch API globals', () => {
  it('are not loaded by an HTTP invocation that needs no stream, and link as soon as anyone reads them', async () => {
    const result = JSON.parse((await runScript(probe)).trim().split('\n').pop()!);
    expect(result).toEqual({
      out: '{"n":1,"t":"application/json"}',
      undiciBefore: false,
      linked: true,
      cache: 'default',
    });
  });
});
