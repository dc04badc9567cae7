/**
 * The process `npm start` (scripts/start.js) forks for the AWS build: startLocal on `PORT`
 * with the payment stand-in at `PAYMENTS_URL`, `{ ready, cloud, url }` to the parent once it
 * listens, and a clean exit (0) on SIGTERM, SIGINT, or when the parent goes away.
 */
import { startLocal } from './local';

async function main(): Promise<void> {
  const paymentsUrl = process.env.PAYMENTS_URL;
  if (!paymentsUrl) throw new Error('PAYMENTS_URL is not set (the payment stand-in)');
  const local = await startLocal({ port: Number(process.env.PORT ?? 3001), paymentsUrl });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    local.close().then(
      () => process.exit(0),
      (error) => {
        console.error('the AWS build did not stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
  process.send?.({ ready: true, cloud: local.cloud, url: local.url });
}

main().catch((error: Error) => {
  console.error(`the AWS build could not start: ${error.message}`);
  process.exit(1);
});
