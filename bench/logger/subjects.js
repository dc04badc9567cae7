// The loggers under test, each set up as its users would, writing the same line (a message,
// 5 fields, 6 persistent keys) to fd 1, which run.js points at /dev/null. Each returns
// { log(), done() }: done() waits for anything still buffered, and is timed.
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const MESSAGE = 'order processed';
const FIELDS = {
  orderId: 'ord_8f2k3j9q',
  amount: 129.99,
  currency: 'EUR',
  items: 3,
  customer: { id: 'cus_42', tier: 'gold' },
};
const PERSISTENT = {
  service: 'orders',
  env: 'production',
  region: 'eu-west-1',
  version: '1.4.2',
  team: 'checkout',
  runtime: 'nodejs20.x',
};
const { service, ...PERSISTENT_BUT_SERVICE } = PERSISTENT;

const done = () => Promise.resolve();

const subjects = {
  faasade() {
    const { Logger } = require('@faasade/core/logger');
    const log = new Logger({ level: 'info', persistentKeys: PERSISTENT });
    return { log: () => log.info(MESSAGE, FIELDS), done };
  },

  // What redaction costs on this line: the same logger with every rule off.
  'faasade (redaction off)'() {
    const { Logger } = require('@faasade/core/logger');
    const log = new Logger({ level: 'info', persistentKeys: PERSISTENT, redact: false });
    return { log: () => log.info(MESSAGE, FIELDS), done };
  },

  // The same logger inside invocations: 5 more invocation fields and the trace ids, and a new
  // invocation (fresh scope and logger state) every 10 lines, so per-invocation work is counted.
  'faasade (in an invocation)'() {
    const { Logger } = require('@faasade/core/logger');
    // By file, not by package subpath, so that it is the very scope module the logger loaded.
    const coreDist = path.dirname(path.dirname(require.resolve('@faasade/core/logger')));
    const { scopeStorage } = require(path.join(coreDist, 'context', 'scope.js'));
    const log = new Logger({ level: 'info', persistentKeys: PERSISTENT });
    const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true };
    let n = 0;
    const enterNewInvocation = () => {
      const invocationId = randomUUID();
      scopeStorage.enterWith({
        invocationId,
        logFields: { service, cloud: 'aws', function: 'processOrder', invocationId, coldStart: false },
        logKeys: undefined,
        traceIds: () => trace,
        logState: undefined,
        logFormatter: undefined,
        logSink: undefined,
        ctx: undefined,
      });
    };
    const logLine = () => {
      if (n++ % 10 === 0) enterNewInvocation();
      log.info(MESSAGE, FIELDS);
    };
    return { log: logLine, done };
  },

  'pino (default, async)'() {
    const pino = require('pino');
    const log = pino({ base: PERSISTENT });
    return { log: () => log.info(FIELDS, MESSAGE), done: () => new Promise((resolve) => log.flush(resolve)) };
  },

  'pino (sync)'() {
    const pino = require('pino');
    const log = pino({ base: PERSISTENT }, pino.destination({ dest: 1, sync: true }));
    return { log: () => log.info(FIELDS, MESSAGE), done };
  },

  winston() {
    const winston = require('winston');
    const log = winston.createLogger({
      level: 'info',
      format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      defaultMeta: PERSISTENT,
      transports: [new winston.transports.Console()],
    });
    return { log: () => log.info(MESSAGE, FIELDS), done };
  },

  '@aws-lambda-powertools/logger'() {
    const { Logger } = require('@aws-lambda-powertools/logger');
    const log = new Logger({
      serviceName: service,
      logLevel: 'INFO',
      persistentKeys: PERSISTENT_BUT_SERVICE,
    });
    return { log: () => log.info(MESSAGE, FIELDS), done };
  },

  'JSON.stringify + write (floor)'() {
    const log = () => {
      const line = JSON.stringify({
        level: 'info',
        time: Date.now(),
        message: MESSAGE,
        ...PERSISTENT,
        ...FIELDS,
      });
      fs.writeSync(1, `${line}\n`);
    };
    return { log, done };
  },
};

module.exports = { subjects, MESSAGE, FIELDS, PERSISTENT };
