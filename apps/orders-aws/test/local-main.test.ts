import { type ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import { type PaymentStandin, startPaymentStandin } from '@faasade/orders';

const main = path.join(__dirname, '../src/local-main.ts');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Forks local-main as scripts/start.js does (with IPC), running its TypeScript through tsx. */
function start(env: Record<string, string>): Started {
  const child = fork(main, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

let payments: PaymentStandin;
beforeAll(async () => {
  payments = await startPaymentStandin();
});
afterAll(() => payments.close());

describe('local-main (what npm start forks)', () => {
  it('reports ready with its URL, serves orders to PAID with pretty logs, and exits 0 on SIGTERM', async () => {
    const run = start({ PORT: '0', PAYMENTS_URL: payments.url, FAASADE_LOG_FORMAT: 'pretty' });
    const ready = await new Promise<{ ready: boolean; cloud: string; url: string }>((resolve, reject) => {
      run.child.once('message', (m) => resolve(m as { ready: boolean; cloud: string; url: string }));
      run.exited.then((code) => reject(new Error(`exited with ${code}: ${run.output()}`)));
    });
    expect(ready).toEqual({
      ready: true,
      cloud: 'aws',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });

    const res = await fetch(`${ready.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: 'ada', items: [{ sku: 'apple', quantity: 1 }] }),
    });
    const { id } = (await res.json()) as { id: string };
    let status = '';
    for (let i = 0; i < 100 && status !== 'PAID'; i++) {
      status = ((await (await fetch(`${ready.url}/orders/${id}`)).json()) as { status: string }).status;
      if (status !== 'PAID') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe('PAID');

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const lines = run
      .output()
      .split('\n')
      .filter((line) => line.includes('order paid'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.trimStart().startsWith('{')).toBe(false);
  }, 30_000);

  it('exits 1, saying why, without PAYMENTS_URL', async () => {
    const { PAYMENTS_URL: _, ...env } = process.env;
    const run = start({ ...(env as Record<string, string>), PORT: '0', PAYMENTS_URL: '' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('PAYMENTS_URL is not set');
  }, 30_000);
});
