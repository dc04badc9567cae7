import { startLocal } from '../../apps/orders-azure/src/local';
import { describeOrdersContract } from './orders-suite';

describeOrdersContract('azure', startLocal);

it('runs the azure build: its local runner says so and serves the orders API', async () => {
  const running = await startLocal({
    port: 0,
    paymentsUrl: 'http://127.0.0.1:9',
    maxAttempts: 3,
    redeliveryDelayMs: 50,
  });
  try {
    expect(running.cloud).toBe('azure');
    const res = await fetch(`${running.url}/inventory/apple`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sku: 'apple' });
  } finally {
    await running.close();
  }
});
