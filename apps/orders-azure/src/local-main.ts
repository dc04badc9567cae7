/**
 * The process `npm start` forks for the Azure build: startLocal on `PORT` with the payment
 * stand-in at `PAYMENTS_URL`, `{ ready, cloud, url }` sent to the parent, and a clean exit 0 on
 * SIGTERM or SIGINT.
 */
import { startLocal } from './local';

async function main(): Promise<void> {
  const paymentsUrl = process.env.PAYMENTS_URL;
  if (!paymentsUrl) throw new Error('PAYMENTS_URL must be the payment service (the stand-in) URL');
  const azure = await startLocal({ port: Number(process.env.PORT ?? 0), paymentsUrl });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    azure.close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`azure: close failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.send?.({ ready: true, cloud: azure.cloud, url: azure.url });
}

main().catch((error: Error) => {
  process.stderr.write(`azure: ${error.message}\n`);
  process.exit(1);
});
