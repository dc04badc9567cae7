import { scopeStorage } from '../../src/context/scope';
import {
  jsonFormatter,
  Logger,
  type LogFormatter,
  MemorySink,
  setDefaultLogFormatter,
  setDefaultLogSink,
} from '../../src/logger';
import { capture, inInvocation, scopeFor } from './helpers';

const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true };

describe('a module-level logger inside an invocation', () => {
  it("writes the invocation's fields and trace ids before the logger's own keys", () => {
    const { log, lines } = capture({ persistentKeys: { team: 'checkout' } });
    inInvocation('inv-1', () => log.info('m', { orderId: 'o-1' }), { trace });
    const record = JSON.parse(lines()[0]);
    expect(Object.keys(record)).toEqual([
      'level',
      'time',
      'message',
      'service',
      'cloud',
      'function',
      'invocationId',
      'coldStart',
      'traceId',
      'spanId',
      'team',
      'orderId',
    ]);
    expect(record).toMatchObject({
      invocationId: 'inv-1',
      coldStart: false,
      ...{ traceId: trace.traceId, spanId: trace.spanId },
    });
  });

  it('writes only its own keys outside any invocation', () => {
    const { log, records } = capture({ persistentKeys: { team: 'checkout' } });
    inInvocation('inv-1', () => log.info('inside'));
    log.info('outside');
    expect(records()[1]).toEqual({
      level: 'info',
      time: expect.any(String),
      message: 'outside',
      team: 'checkout',
    });
  });

  it("replaces the invocation's service with its own, in the same place", () => {
    const { log, lines } = capture({ service: 'payments-lib' });
    inInvocation('inv-1', () => log.info('m'));
    expect(lines()[0]).toContain('"message":"m","service":"payments-lib","cloud":"local"');
    expect(lines()[0].match(/"service"/g)).toHaveLength(1);
  });

  it('follows the active span as it changes', () => {
    const { log, records } = capture();
    let current = trace;
    inInvocation(
      'inv-1',
      () => {
        log.info('parent span');
        current = { ...trace, spanId: '1111111111111111' };
        log.info('child span');
      },
      { traceIds: () => current },
    );
    expect(records().map((r) => r.spanId)).toEqual([trace.spanId, '1111111111111111']);
  });
});

describe('per-invocation keys', () => {
  it('appear on every later line of the invocation, from every logger', () => {
    const a = capture();
    const b = new Logger({ formatter: jsonFormatter, sink: a.sink });
    inInvocation('inv-1', () => {
      a.log.info('before');
      a.log.appendKeys({ userId: 'u-1' });
      a.log.info('after');
      b.info('other logger');
    });
    expect(a.records().map((r) => r.userId)).toEqual([undefined, 'u-1', 'u-1']);
  });

  it('end with the invocation', () => {
    const { log, records } = capture();
    inInvocation('inv-1', () => log.appendKeys({ userId: 'u-1' }));
    inInvocation('inv-2', () => log.info('next invocation'));
    log.info('outside');
    expect(records().map((r) => r.userId)).toEqual([undefined, undefined]);
  });

  it('replace persistent keys and the invocation fields, and give way to call fields', () => {
    const { log, records } = capture({ persistentKeys: { tenant: 'default' } });
    inInvocation('inv-1', () => {
      log.appendKeys({ tenant: 't-9', function: 'renamed' });
      log.info('keys win');
      log.info('call wins', { tenant: 't-call' });
    });
    expect(records().map((r) => [r.tenant, r.function])).toEqual([
      ['t-9', 'renamed'],
      ['t-call', 'renamed'],
    ]);
  });

  it('can be removed', () => {
    const { log, records } = capture();
    inInvocation('inv-1', () => {
      log.appendKeys({ a: 1, b: 2 });
      log.removeKeys(['a']);
      log.info('m');
    });
    expect(records()[0]).toMatchObject({ b: 2 });
    expect(records()[0]).not.toHaveProperty('a');
  });

  it('are read again when something else replaces scope.logKeys', () => {
    const { log, records } = capture();
    const scope = scopeFor('inv-1');
    scopeStorage.run(scope, () => {
      log.info('none');
      scope.logKeys = { route: '/orders' };
      log.info('set by the pipeline');
    });
    expect(records().map((r) => r.route)).toEqual([undefined, '/orders']);
  });

  it('become persistent keys of the logger when added outside any invocation', () => {
    const { log, records } = capture();
    log.appendKeys({ boot: 'b-1' });
    inInvocation('inv-1', () => log.info('later'));
    log.removeKeys(['boot']);
    log.info('removed');
    expect(records().map((r) => r.boot)).toEqual(['b-1', undefined]);
  });

  it('stay apart across 1,000 interleaved concurrent invocations', async () => {
    const { log, records } = capture();
    const child = log.child({ component: 'worker' });
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        scopeStorage.run(scopeFor(`inv-${i}`), async () => {
          log.appendKeys({ userId: `u-${i}` });
          await turn();
          log.info('step 1', { step: 1 });
          for (let k = 0; k < i % 3; k++) await turn();
          child.appendKeys({ [`only-${i}`]: i });
          child.info('step 2', { step: 2 });
          await Promise.resolve();
          log.warn('step 3', { step: 3 });
        }),
      ),
    );
    const lines = records();
    expect(lines).toHaveLength(3000);
    for (const line of lines) {
      const i = Number(String(line.invocationId).slice(4));
      expect(line.userId).toBe(`u-${i}`);
      const onlyKeys = Object.keys(line).filter((key) => key.startsWith('only-'));
      expect(onlyKeys).toEqual(line.step === 1 ? [] : [`only-${i}`]);
    }
  });
});

describe('where lines go and how they look', () => {
  const marked = (mark: string): LogFormatter => ({ format: (r) => `${mark}:${r.messageJson}` });
  afterEach(() => {
    setDefaultLogFormatter(undefined);
    setDefaultLogSink(undefined);
  });

  it("uses the invocation's formatter and sink when the logger has none", () => {
    const sink = new MemorySink();
    inInvocation('inv-1', () => new Logger().info('m'), { logFormatter: marked('scope'), logSink: sink });
    expect(sink.lines).toEqual(['scope:"m"']);
  });

  it("prefers the logger's own formatter and sink to the invocation's", () => {
    const own = new MemorySink();
    const scoped = new MemorySink();
    const log = new Logger({ formatter: marked('own'), sink: own });
    inInvocation('inv-1', () => log.info('m'), { logFormatter: marked('scope'), logSink: scoped });
    expect([own.lines, scoped.lines]).toEqual([['own:"m"'], []]);
  });

  it('falls back to the process defaults set by an adapter, also for loggers created before', () => {
    const early = new Logger();
    const sink = new MemorySink();
    setDefaultLogFormatter(marked('default'));
    setDefaultLogSink(sink);
    early.info('outside');
    inInvocation('inv-1', () => early.info('inside'));
    inInvocation('inv-2', () => early.info('scope wins'), { logFormatter: marked('scope') });
    expect(sink.lines).toEqual(['default:"outside"', 'default:"inside"', 'scope:"scope wins"']);
  });

  it('writes JSON to a custom sink when nothing sets a formatter', () => {
    const sink = new MemorySink();
    setDefaultLogSink(sink);
    new Logger().info('m');
    expect(JSON.parse(sink.lines[0])).toMatchObject({ level: 'info', message: 'm' });
  });
});
