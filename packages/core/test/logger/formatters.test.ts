import { createPrettyFormatter, isoTime, jsonFormatter, LogRecord } from '../../src/logger';
import { capture } from './helpers';

const time = Date.UTC(2026, 10, 24, 10, 0, 0, 123);

describe('the JSON formatter', () => {
  it('writes level, ISO time and message, then the fields', () => {
    const record = new LogRecord('warn', time, '"low stock"', undefined, '"sku":"a","left":2');
    expect(jsonFormatter.format(record)).toBe(
      '{"level":"warn","time":"2026-11-24T10:00:00.123Z","message":"low stock","sku":"a","left":2}',
    );
  });

  it('writes a line without fields', () => {
    expect(jsonFormatter.format(new LogRecord('info', time, '"m"', undefined, ''))).toBe(
      '{"level":"info","time":"2026-11-24T10:00:00.123Z","message":"m"}',
    );
  });
});

describe('log records', () => {
  it('give formatters the message and the fields as values', () => {
    const record = new LogRecord('info', time, '"a \\"quoted\\" word"', undefined, '"n":1,"o":{"p":[true]}');
    expect(record.message).toBe('a "quoted" word');
    expect(record.fields()).toEqual({ n: 1, o: { p: [true] } });
    expect(new LogRecord('info', time, '"m"', undefined, '').fields()).toEqual({});
  });
});

describe('the time stamp', () => {
  it('is ISO 8601 and follows the clock from one millisecond to the next', () => {
    expect(isoTime(time)).toBe('2026-11-24T10:00:00.123Z');
    expect(isoTime(time + 1)).toBe('2026-11-24T10:00:00.124Z');
    expect(isoTime(time)).toBe('2026-11-24T10:00:00.123Z');
  });
});

describe('the pretty formatter', () => {
  it('writes time, level, message and key=value pairs on one line', () => {
    const pretty = createPrettyFormatter({ colors: false });
    const record = new LogRecord(
      'info',
      time,
      '"order created"',
      undefined,
      '"orderId":"o-1","amount":42,"note":"two words"',
    );
    expect(pretty.format(record)).toBe(
      '10:00:00.123 INFO  order created  orderId=o-1 amount=42 note="two words"',
    );
  });

  it("writes an error's stack and its cause's on the following lines", () => {
    const { log, lines } = capture({ formatter: createPrettyFormatter({ colors: false }) });
    log.error('failed', new Error('outer', { cause: new Error('inner') }));
    const [head, ...rest] = lines()[0].split('\n');
    expect(head).toMatch(/ERROR failed {2}error="Error: outer"$/);
    expect(rest[0]).toBe('    error: Error: outer');
    expect(rest.some((line) => line.startsWith('    caused by: Error: inner'))).toBe(true);
  });

  it('colours the level when asked and not otherwise', () => {
    const record = new LogRecord('error', time, '"m"', undefined, '');
    expect(createPrettyFormatter({ colors: true }).format(record)).toContain('\x1b[31mERROR');
    expect(createPrettyFormatter({ colors: false }).format(record)).not.toContain('\x1b[');
  });

  it('shows the same redacted fields as the JSON format', () => {
    const { log, lines } = capture({ formatter: createPrettyFormatter({ colors: false }) });
    log.info('login', { password: 'hunter2' });
    expect(lines()[0]).toContain('password=[REDACTED]');
    expect(lines()[0]).not.toContain('hunter2');
  });
});
