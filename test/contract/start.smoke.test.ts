import { type ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

// `npm start` as a user runs it (after `npm run build`, which `npm test` does first): three
// clouds and the payment stand-in, on ephemeral ports.
const root = path.resolve(__dirname, '../..');

interface Ready {
  ready: true;
  clouds: { cloud: string; url: string }[];
  payments: string;
}

let child: ChildProcess;
let ready: Ready;

beforeAll(async () => {
  child = fork(path.join(root, 'scripts/start.js'), [], {
    env: {
      ...process.env,
      AWS_PORT: '0',
      AZURE_PORT: '0',
      GCP_PORT: '0',
      PAYMENTS_PORT: '0',
      FAASADE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)));
  });
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
});

async function waitForStatus(url: string, status: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 300; i++) {
    const order = (await (await fetch(url)).json()) as Record<string, unknown>;
    if (order.status === status) return order;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never reached ${status}`);
}

describe('npm start', () => {
  it('serves the orders app on all three clouds, and an order placed on each gets PAID', async () => {
    expect(ready.clouds.map((c) => c.cloud).sort()).toEqual(['aws', 'azure', 'gcp']);
    for (const { url } of ready.clouds) {
      const res = await fetch(`${url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer: 'smoke', items: [{ sku: 'apple', quantity: 1 }] }),
      });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      const paid = await waitForStatus(`${url}/orders/${id}`, 'PAID');
      expect(paid.paymentId).toEqual(expect.stringMatching(/^ch_/));
    }
  }, 120_000);

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 30_000);
});
