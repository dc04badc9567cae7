import { serve } from '@faasade/core';
import { app } from './app';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const server = await serve(app, { port });
  process.stdout.write(
    `inventory app on ${server.url}\n` +
      `  curl ${server.url}/inventory/apple\n` +
      `  curl -X POST ${server.url}/take -H 'content-type: application/json' -d '{"sku":"apple","quantity":2}'\n`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
