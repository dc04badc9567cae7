import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Order, type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { type FakeGoogle, startFakeGoogle } from './support/fake-google';
import { type Child, freePort, spawnClean, waitForHttp } from './support/processes';
import { pushToFunction } from './support/push';
import { DATABASE_URL, REDIS_URL, scratchRedis, scratchSchema } from './support/stores';

const { build, FRAMEWORK } = require('../build.js') as {
  build(outdir: string): Promise<{ files: string[] }>;
  FRAMEWORK: string;
};

jest.setTimeout(60_000);

/**
 * The bundle as Cloud Run functions runs it: copied to a directory outside the monorepo,
 * `npm install` from its own package.json (what the Node.js buildpack does), then started as the
 * buildpack's web process does, `node_modules/.bin/functions-framework` with FUNCTION_TARGET and
 * PORT, in an environment holding nothing but those and the function's own variables.
 */
describe('the bundle, in a clean directory outside the monorepo, under the real functions-framework', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faasade-orders-gcp-bundle-'));
  const children: Child[] = [];
  let google: FakeGoogle;
  let payments: PaymentStandin;

  beforeAll(async () => {
    const { files } = await build(dir);
    expect(files.sort()).toEqual(['index.js', 'index.js.map', 'package.json']);
    // Without the npm_* variables of an enclosing `npm test` (a workspace, a prefix): a plain install.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev'], {
      cwd: dir,
      env,
      stdio: 'ignore',
    });
    google = await startFakeGoogle();
    payments = await startPaymentStandin();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    await Promise.all([google?.close(), payments?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** One function instance: the bundle under functions-framework, serving `target`. */
  async function start(target: string, env: Record<string, string> = {}): Promise<string> {
    const port = await freePort();
    const child = spawnClean(join(dir, 'node_modules/.bin/functions-framework'), dir, {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      FUNCTION_TARGET: target,
      PORT: String(port),
      K_SERVICE: target.toLowerCase(),
      GOOGLE_CLOUD_PROJECT: 'shop-test',
      PAYMENTS_URL: payments.url,
      PUBSUB_EMULATOR_HOST: google.host,
      ...env,
    });
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/robots.txt`, child);
    return url;
  }

  it('declares functions-framework as a dependency, external to the bundle, for the runtime to start', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      main: 'index.js',
      dependencies: { [FRAMEWORK]: expect.stringMatching(/^\d/) },
    });
    expect(Object.keys(manifest.dependencies)).toEqual([FRAMEWORK]);
    // Required, not bundled: the bundle must register into the runtime's own copy's registry.
    expect(readFileSync(join(dir, 'index.js'), 'utf8')).toContain(`require("${FRAMEWORK}")`);
  });

  it('on embedded defaults, answers HTTP requests through the `api` router and publishes the order to Pub/Sub', async () => {
    const api = await start('api');
    const stock = await fetch(`${api}/inventory/apple`);
    expect(stock.status).toBe(200);
    expect(await stock.json()).toEqual({ sku: 'apple', available: 100, priceCents: 50 });

    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await fetch(`${api}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent },
      body: JSON.stringify({ customer: 'ada', items: [{ sku: 'apple', quantity: 1 }] }),
    });
    expect(res.status).toBe(202);
    const order = (await res.json()) as Order;
    const message = google.published.find((m) => m.data.toString('utf8').includes(order.id));
    expect(message).toMatchObject({ project: 'shop-test', topic: 'orders' });
    expect(message?.attributes.traceparent).toContain('0af7651916cd43dd8448eb211c80319c');
  });

  it('on embedded defaults, answers a Pub/Sub CloudEvent: an order it does not know is dead-lettered and acknowledged', async () => {
    const processOrder = await start('processOrder');
    const ghost = {
      project: 'shop-test',
      topic: 'orders',
      data: Buffer.from(JSON.stringify({ type: 'order.created', orderId: 'no-such-order' })),
      attributes: {},
      messageId: '9001',
      authorization: undefined,
    };
    const res = await pushToFunction(processOrder, ghost, 1);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deadLettered: 'invalid', messageId: '9001', published: true });
    const dead = google.published.find((m) => m.topic === 'orders-dead-letter');
    expect(dead?.data.toString('utf8')).toContain('no-such-order');
    expect(dead?.attributes).toMatchObject({
      faasade_message_id: '9001',
      faasade_dead_letter_reason: 'invalid',
    });
  });

  it('with Cloud SQL and Memorystore configured, two function instances share the order: placed by `api`, PAID by `processOrder`', async () => {
    const schema = scratchSchema();
    const redis = scratchRedis();
    try {
      const env = {
        DATABASE_URL,
        DB_SCHEMA: schema.schema,
        REDIS_URL,
        REDIS_KEY_PREFIX: redis.prefix,
      };
      const [api, processOrder] = await Promise.all([start('api', env), start('processOrder', env)]);
      await fetch(`${api}/inventory/plum`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ available: 3, priceCents: 120 }),
      });
      const placed = (await (
        await fetch(`${api}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ customer: 'cy', items: [{ sku: 'plum', quantity: 1 }] }),
        })
      ).json()) as Order;
      const message = google.published.find((m) => m.data.toString('utf8').includes(placed.id))!;

      expect((await pushToFunction(processOrder, message, 1)).status).toBe(204);
      expect(await (await fetch(`${api}/orders/${placed.id}`)).json()).toMatchObject({ status: 'PAID' });
      expect(await (await fetch(`${api}/inventory/plum`)).json()).toMatchObject({ available: 2 });
    } finally {
      await Promise.all(children.splice(0).map((c) => c.stop()));
      await Promise.all([schema.drop(), redis.drop()]);
    }
  });
});
