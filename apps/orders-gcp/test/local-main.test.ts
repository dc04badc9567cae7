import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Order, type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { build as esbuild } from 'esbuild';
import { type Child, eventually, forkWithIpc } from './support/processes';

const { OPTIONS } = require('../build.js') as { OPTIONS: Record<string, unknown> };

jest.setTimeout(30_000);

/**
 * src/local-main.ts as scripts/start.js runs it: forked with IPC, PORT and PAYMENTS_URL in its
 * environment. It is compiled from the sources here (esbuild, the workspace packages from their
 * sources too) so the test needs no prior `tsc -b`.
 */
describe('local-main: the process npm start forks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faasade-orders-gcp-local-'));
  let payments: PaymentStandin;
  let child: Child;

  beforeAll(async () => {
    const outfile = join(dir, 'local-main.js');
    await esbuild({
      ...OPTIONS,
      minify: false,
      entryPoints: [resolve(__dirname, '../src/local-main.ts')],
      outfile,
    });
    payments = await startPaymentStandin();
    child = forkWithIpc(outfile, {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      // functions-framework stays external, as in the deployed bundle: resolved from the workspace.
      NODE_PATH: resolve(__dirname, '../../../node_modules'),
      PORT: '0',
      PAYMENTS_URL: payments.url,
      FAASADE_LOG_FORMAT: 'pretty',
    });
  });

  afterAll(async () => {
    await child?.stop();
    await payments.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports ready over IPC, serves an order to PAID, logs in the pretty format asked for, and exits 0 on SIGTERM', async () => {
    const ready = await new Promise<{ ready: boolean; cloud: string; url: string }>(
      (resolveReady, reject) => {
        child.process.once('message', (m) =>
          resolveReady(m as { ready: boolean; cloud: string; url: string }),
        );
        child.process.once('exit', (code) =>
          reject(new Error(`exited ${code} before ready:\n${child.output()}`)),
        );
      },
    );
    expect(ready).toEqual({
      ready: true,
      cloud: 'gcp',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });

    const placed = (await (
      await fetch(`${ready.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer: 'ada', items: [{ sku: 'plum', quantity: 1 }] }),
      })
    ).json()) as Order;
    const settled = await eventually(
      async () => (await (await fetch(`${ready.url}/orders/${placed.id}`)).json()) as Order,
      (order) => order.status !== 'PENDING',
    );
    expect(settled.status).toBe('PAID');

    const lines = child
      .output()
      .split('\n')
      .filter((l) => l.includes('order paid'));
    expect(lines).toHaveLength(1);
    // The pretty format, not the Cloud Logging JSON the adapter would otherwise make the default.
    expect(lines[0].trimStart().startsWith('{')).toBe(false);
    expect(lines[0]).toContain(placed.id);

    expect(await child.stop()).toBe(0);
  });
});
