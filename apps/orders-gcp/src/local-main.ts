// The process `npm start` (scripts/start.js) forks with IPC: the GCP build on localhost until
// SIGTERM or SIGINT, then a clean stop and exit code 0.
import { startLocal } from './local';

async function main(): Promise<void> {
  const paymentsUrl = process.env.PAYMENTS_URL;
  if (!paymentsUrl) throw new Error('PAYMENTS_URL is required (the payment stand-in)');
  const local = await startLocal({ port: Number(process.env.PORT ?? 3003), paymentsUrl });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    local.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.send?.({ ready: true, cloud: local.cloud, url: local.url });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `orders-gcp local run failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
