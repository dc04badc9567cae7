// Drives a server worker over loopback: sequential POSTs on one keep-alive connection, the same
// load for every subject. Reports µs per request (round trip: client, loopback, server).
const http = require('node:http');
const { BODY, HEADERS } = require('./subjects');

const [port, warmupArg, countArg] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const headers = { ...HEADERS };
delete headers.host;

function post() {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/orders', method: 'POST', headers, agent },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 201 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

(async () => {
  for (let i = 0; i < warmupArg; i++) await post();
  const start = process.hrtime.bigint();
  for (let i = 0; i < countArg; i++) await post();
  process.send({ usPerCall: Number(process.hrtime.bigint() - start) / 1000 / countArg });
  agent.destroy();
})().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
