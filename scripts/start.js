#!/usr/bin/env node
// `npm start`: the orders app on all three adapters at once, on localhost, on embedded defaults
// (in-memory stores, in-process queues with each cloud's delivery semantics), plus the payment
// stand-in. Each cloud runs in its own process, as it would on its platform. Ctrl-C stops all.
const { fork } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const root = path.resolve(__dirname, '..');
const clouds = [
  { cloud: 'aws', port: Number(process.env.AWS_PORT ?? 3001) },
  { cloud: 'azure', port: Number(process.env.AZURE_PORT ?? 3002) },
  { cloud: 'gcp', port: Number(process.env.GCP_PORT ?? 3003) },
];
const paymentsPort = Number(process.env.PAYMENTS_PORT ?? 4010);
const pretty = process.stdout.isTTY && !process.env.FAASADE_LOG_FORMAT;

const children = [];
let payments;

async function stop(code) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
  );
  if (payments) await payments.close();
  process.exit(code);
}

async function main() {
  const { startPaymentStandin } = require(path.join(root, 'apps/orders/dist/payment/standin.js'));
  payments = await startPaymentStandin({ port: paymentsPort });
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  const ready = await Promise.all(
    clouds.map(
      ({ cloud, port }) =>
        new Promise((resolve, reject) => {
          const child = fork(path.join(root, `apps/orders-${cloud}/dist/local-main.js`), [], {
            env: {
              ...process.env,
              PORT: String(port),
              PAYMENTS_URL: payments.url,
              ...(pretty ? { FAASADE_LOG_FORMAT: 'pretty' } : {}),
            },
            stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
          });
          children.push(child);
          for (const stream of [child.stdout, child.stderr]) {
            readline.createInterface({ input: stream }).on('line', (line) => {
              process.stdout.write(pretty ? `[${cloud}] ${line}\n` : `${line}\n`);
            });
          }
          child.once('message', (m) =>
            m && m.ready
              ? resolve({ cloud, url: m.url })
              : reject(new Error(`${cloud}: ${JSON.stringify(m)}`)),
          );
          child.once('exit', (code) =>
            reject(new Error(`the ${cloud} app exited with code ${code} before it was ready`)),
          );
        }),
    ),
  );

  const lines = [
    '',
    'faasade orders app, running locally on three adapters:',
    ...ready.map(({ cloud, url }) => `  ${cloud.padEnd(5)} ${url}`),
    `  payment stand-in ${payments.url}`,
    '',
    'Try it:',
    `  curl -s -X POST ${ready[0].url}/orders -H 'content-type: application/json' \\`,
    `    -d '{"customer":"ada","items":[{"sku":"apple","quantity":2}]}'`,
    `  curl -s ${ready[0].url}/orders/<id>            # PENDING, then PAID`,
    `  curl -s ${ready[0].url}/inventory/apple`,
    `  curl -s -X PUT ${payments.url}/admin/config -d '{"outage":true}'   # watch retries, the breaker, the DLQ`,
    `  curl -s -X PUT ${payments.url}/admin/config -d '{"outage":false}'  # recover`,
    '(the same calls work on every URL above; Ctrl-C stops everything)',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.send) process.send({ ready: true, clouds: ready, payments: payments.url });
}

main().catch((error) => {
  process.stderr.write(`npm start failed: ${error.message}\n`);
  void stop(1);
});
