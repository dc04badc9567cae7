// One measurement in its own process. Modes:
//   handler <subject> <warmup> <count>: calls the registered handler with lightweight req/res
//     objects shaped as functions-framework passes them (no server, no network); reports µs/call.
//   wrapped <subject> <warmup> <count>: the same, each call inside what functions-framework puts
//     around every request before the handler (its AsyncLocalStorage store and a `domain`, the
//     call made from process.nextTick), still without server or network.
//   server <subject>: serves the subject with functions-framework's own server on loopback and
//     reports its port; the client process drives it.
const { AsyncLocalStorage } = require('node:async_hooks');
const domain = require('node:domain');
const { IncomingMessage } = require('node:http');
const { subjects, BODY, HEADERS } = require('./subjects');

const [mode, name, warmupArg, countArg] = process.argv.slice(2);
const { target, handler } = subjects[name]();

/** A request as functions-framework hands it over: Express properties set, body parsed, rawBody kept. */
function request(i) {
  const req = Object.create(IncomingMessage.prototype);
  req.method = 'POST';
  req.url = '/orders';
  req.originalUrl = '/orders';
  req.httpVersion = '1.1';
  req.headers = { ...HEADERS };
  req.rawBody = Buffer.from(BODY);
  req.body = JSON.parse(BODY);
  req.protocol = 'https';
  req.ip = '203.0.113.7';
  req.executionId = `exec-${i}`;
  return req;
}

/** The Express response surface both handlers use. */
class Response {
  statusCode = 200;
  headersSent = false;
  headers = {};
  setHeader(name, value) {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  getHeader(name) {
    return this.headers[name.toLowerCase()];
  }
  status(code) {
    this.statusCode = code;
    return this;
  }
  json(value) {
    this.setHeader('content-type', 'application/json; charset=utf-8');
    this.end(JSON.stringify(value));
  }
  end(body) {
    this.body = body;
    this.headersSent = true;
  }
}

const executionContext = new AsyncLocalStorage();

/** functions-framework's wrapper: an execution-context store, then a domain, then nextTick. */
function wrapped(req, res) {
  return new Promise((resolve, reject) => {
    executionContext.run({ executionId: req.executionId }, () => {
      const d = domain.create();
      d.on('error', reject);
      d.run(() => process.nextTick(() => Promise.resolve(handler(req, res)).then(resolve, reject)));
    });
  });
}

async function handlerMode(call) {
  const warmup = Number(warmupArg);
  const count = Number(countArg);
  const run = async (i) => {
    const res = new Response();
    await call(request(i), res);
    if (res.statusCode !== 201) throw new Error(`${name} answered ${res.statusCode}: ${res.body}`);
  };
  for (let i = 0; i < warmup; i++) await run(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await run(warmup + i);
  const ns = Number(process.hrtime.bigint() - start);
  process.send({ usPerCall: ns / 1000 / count });
}

function serverMode() {
  const { getTestServer } = require('@google-cloud/functions-framework/testing');
  const server = getTestServer(target);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (m) => m === 'stop' && server.close(() => process.exit(0)));
}

if (mode === 'handler' || mode === 'wrapped')
  handlerMode(mode === 'handler' ? handler : wrapped).catch((e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  });
else serverMode();
