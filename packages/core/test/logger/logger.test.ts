import fs from 'node:fs';
import { jsonFormatter, Logger, type LogFormatter, MemorySink } from '../../src/logger';
import { capture } from './helpers';

describe('Logger lines', () => {
  it('writes level, ISO time and message first, then persistent keys, then the call fields', () => {
    const { log, lines } = capture({ service: 'orders', persistentKeys: { env: 'prod' } });
    log.info('order created', { orderId: 'o-1', amount: 42 });
    const record = JSON.parse(lines()[0]);
    expect(Object.keys(record)).toEqual(['level', 'time', 'message', 'service', 'env', 'orderId', 'amount']);
    expect(record).toMatchObject({ level: 'info', message: 'order created', service: 'orders', env: 'prod' });
    expect(new Date(record.time).toISOString()).toBe(record.time);
  });

  it('writes one line per call with each level name', () => {
    const { log, records } = capture({ level: 'trace' });
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) log[level](level);
    expect(records().map((r) => [r.level, r.message])).toEqual(
      ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].map((l) => [l, l]),
    );
  });

  it('lets call fields replace persistent keys without duplicating them', () => {
    const { log, lines } = capture({ persistentKeys: { region: 'eu', tier: 'free' } });
    log.info('m', { tier: 'gold' });
    expect(lines()[0]).toMatch(/"region":"eu","tier":"gold"}$/);
    expect(lines()[0].match(/"tier"/g)).toHaveLength(1);
  });

  it("writes a field named level, time or message with a leading underscore so the line's own stay", () => {
    const { log, records } = capture({ persistentKeys: { time: 'persistent' } });
    log.info('real message', { level: 'gold', message: 'user text' });
    expect(records()[0]).toMatchObject({
      level: 'info',
      message: 'real message',
      _level: 'gold',
      _message: 'user text',
      _time: 'persistent',
    });
  });

  it('adds and removes persistent keys', () => {
    const { log, records } = capture();
    log.appendPersistentKeys({ a: 1, b: 2 });
    log.info('one');
    log.appendPersistentKeys({ a: 3 });
    log.removePersistentKeys(['b']);
    log.info('two');
    expect(records().map(({ a, b }) => ({ a, b }))).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: undefined },
    ]);
  });

  it('reads persistent key values when they are added', () => {
    const { log, records } = capture();
    const config = { version: 1 };
    log.appendPersistentKeys({ config });
    config.version = 2;
    log.info('m');
    expect(records()[0].config).toEqual({ version: 1 });
  });

  it('removes a persistent key given as undefined', () => {
    const { log, records } = capture({ persistentKeys: { a: 1 } });
    log.appendPersistentKeys({ a: undefined });
    log.info('m');
    expect(records()[0]).not.toHaveProperty('a');
  });
});

describe('child loggers', () => {
  it("carry their bindings after the parent's keys", () => {
    const { log, lines } = capture({ service: 'orders' });
    log.child({ component: 'payments' }).info('charged', { amount: 5 });
    expect(Object.keys(JSON.parse(lines()[0])).slice(3)).toEqual(['service', 'component', 'amount']);
  });

  it('nest, and share the parent sink, formatter and redaction', () => {
    const { log, records } = capture({ redact: { paths: ['card.pan'] } });
    log
      .child({ a: 1 })
      .child({ b: 2 })
      .info('m', { card: { pan: 'x' } });
    expect(records()[0]).toMatchObject({ a: 1, b: 2, card: { pan: '[REDACTED]' } });
  });

  it("do not change the parent, and keep the parent's keys as they were when created", () => {
    const { log, records } = capture({ persistentKeys: { p: 1 } });
    const child = log.child({ c: 1 });
    log.appendPersistentKeys({ later: true });
    child.appendPersistentKeys({ own: true });
    log.info('parent');
    child.info('child');
    const [parent, ofChild] = records();
    expect(parent).toMatchObject({ p: 1, later: true });
    expect(parent).not.toHaveProperty('c');
    expect(parent).not.toHaveProperty('own');
    expect(ofChild).toMatchObject({ p: 1, c: 1, own: true });
    expect(ofChild).not.toHaveProperty('later');
  });

  it("inherit the parent's level unless given their own", () => {
    const { log, records } = capture({ level: 'warn' });
    log.child({}).info('hidden');
    log.child({}, { level: 'debug' }).debug('shown');
    expect(records().map((r) => r.message)).toEqual(['shown']);
  });
});

describe('formatters and sinks', () => {
  it('hands a custom formatter the level, time, redacted message and merged fields', () => {
    const seen: unknown[] = [];
    const formatter: LogFormatter = {
      format(record) {
        seen.push({
          level: record.level,
          message: record.message,
          fields: record.fields(),
          trace: record.trace,
        });
        return `${record.level.toUpperCase()} ${record.messageJson}`;
      },
    };
    const sink = new MemorySink();
    new Logger({ formatter, sink, persistentKeys: { a: 1 } }).warn('card 4111 1111 1111 1111', {
      token: 't',
    });
    expect(sink.lines).toEqual(['WARN "card [REDACTED]"']);
    expect(seen).toEqual([
      { level: 'warn', message: 'card [REDACTED]', fields: { a: 1, token: '[REDACTED]' }, trace: undefined },
    ]);
  });

  it('tells the sink the level of each line', () => {
    const sink = new MemorySink();
    const log = new Logger({ sink, formatter: jsonFormatter });
    log.warn('w');
    log.error('e');
    expect(sink.entries.map((e) => e.level)).toEqual(['warn', 'error']);
  });

  it('never throws when the sink fails, and reports the failure on stderr', () => {
    const stderr = jest.spyOn(fs, 'writeSync').mockImplementation(() => 0);
    try {
      const log = new Logger({
        formatter: jsonFormatter,
        sink: {
          write() {
            throw new Error('disk full');
          },
        },
      });
      expect(() => log.error('m')).not.toThrow();
      expect(stderr).toHaveBeenCalledWith(2, expect.stringContaining('Error: disk full'));
    } finally {
      stderr.mockRestore();
    }
  });
});
