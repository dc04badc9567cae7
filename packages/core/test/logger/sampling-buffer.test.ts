import { resolveConfig } from '../../src/logger/config';
import { scopeStorage } from '../../src/context/scope';
import { capture, inInvocation, scopeFor } from './helpers';

describe('debug sampling', () => {
  it('writes every debug line of a sampled invocation (rate 1)', () => {
    const { log, records } = capture({ level: 'info', sampleRate: 1 });
    inInvocation('inv-1', () => {
      log.debug('d1');
      log.trace('trace stays off');
      log.debug('d2');
    });
    expect(records().map((r) => r.message)).toEqual(['d1', 'd2']);
  });

  it('writes no debug line at rate 0', () => {
    const { log, sink } = capture({ level: 'info', sampleRate: 0 });
    inInvocation('inv-1', () => log.debug('d'));
    expect(sink.entries).toHaveLength(0);
  });

  it('does not sample outside an invocation', () => {
    const { log, sink } = capture({ level: 'info', sampleRate: 1 });
    log.debug('d');
    expect(sink.entries).toHaveLength(0);
  });

  it('decides once per invocation: all of its debug lines or none', () => {
    const { log, records } = capture({ level: 'info', sampleRate: 0.5 });
    for (let i = 0; i < 200; i++) {
      inInvocation(`inv-${i}`, () => {
        for (let k = 0; k < 5; k++) log.debug('d', { k });
      });
    }
    const perInvocation = new Map<unknown, number>();
    for (const r of records())
      perInvocation.set(r.invocationId, (perInvocation.get(r.invocationId) ?? 0) + 1);
    expect([...new Set(perInvocation.values())]).toEqual([5]);
    // 200 fair draws: all or none sampled would happen with probability 2^-199.
    expect(perInvocation.size).toBeGreaterThan(0);
    expect(perInvocation.size).toBeLessThan(200);
  });

  it('shares the decision with every logger of the invocation that has the same rate', () => {
    const a = capture({ level: 'info', sampleRate: 0.5 });
    const b = capture({ level: 'info', sampleRate: 0.5 });
    for (let i = 0; i < 100; i++) {
      inInvocation(`inv-${i}`, () => {
        a.log.debug('a');
        b.log.debug('b');
      });
    }
    expect(a.records().map((r) => r.invocationId)).toEqual(b.records().map((r) => r.invocationId));
  });

  it('counts as enabled in isLevelEnabled', () => {
    const { log } = capture({ level: 'info', sampleRate: 1 });
    expect(inInvocation('inv-1', () => log.isLevelEnabled('debug'))).toBe(true);
    expect(log.isLevelEnabled('debug')).toBe(false);
  });
});

describe('the buffer of lines below the threshold', () => {
  it('writes the kept lines, in order, just before the first error of the invocation', () => {
    const { log, records } = capture({ level: 'info', buffer: true });
    inInvocation('inv-1', () => {
      log.debug('d1');
      log.info('i1');
      log.debug('d2');
      log.error('boom');
      log.debug('d3');
    });
    expect(records().map((r) => r.message)).toEqual(['i1', 'd1', 'd2', 'boom']);
  });

  it('keeps the fields and keys each line had when it was logged', () => {
    const { log, records } = capture({ level: 'info', buffer: true });
    inInvocation('inv-1', () => {
      log.debug('early', { step: 1 });
      log.appendKeys({ later: true });
      log.error('boom');
    });
    const [early, boom] = records();
    expect(early).toMatchObject({ level: 'debug', message: 'early', step: 1, invocationId: 'inv-1' });
    expect(early).not.toHaveProperty('later');
    expect(boom).toMatchObject({ later: true });
  });

  it('drops the kept lines of an invocation that logs no error', () => {
    const { log, records } = capture({ level: 'info', buffer: true });
    inInvocation('inv-ok', () => log.debug('quiet'));
    inInvocation('inv-failed', () => log.error('boom'));
    expect(records().map((r) => r.message)).toEqual(['boom']);
  });

  it('flushes on fatal too, and again for lines kept after the first flush', () => {
    const { log, records } = capture({ level: 'info', buffer: true });
    inInvocation('inv-1', () => {
      log.debug('d1');
      log.fatal('f');
      log.debug('d2');
      log.error('e');
    });
    expect(records().map((r) => r.message)).toEqual(['d1', 'f', 'd2', 'e']);
  });

  it('keeps only the most recent lines and says how many were dropped', () => {
    const { log, records } = capture({ level: 'info', buffer: { maxLines: 2 } });
    inInvocation('inv-1', () => {
      for (let i = 1; i <= 5; i++) log.debug(`d${i}`);
      log.error('boom');
    });
    const [note, ...rest] = records();
    expect(note).toMatchObject({ level: 'debug', droppedLines: 3 });
    expect(rest.map((r) => r.message)).toEqual(['d4', 'd5', 'boom']);
  });

  it('bounds the kept characters as well as the lines', () => {
    const { log, records } = capture({ level: 'info', buffer: { maxChars: 400 } });
    inInvocation('inv-1', () => {
      for (let i = 0; i < 10; i++) log.debug(`d${i}`, { pad: 'x'.repeat(100) });
      log.error('boom');
    });
    const kept = records().filter((r) => r.level === 'debug' && r.pad);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(10);
    expect(kept.at(-1)?.message).toBe('d9');
  });

  it('keeps trace lines only when the buffer level says so', () => {
    const { log, records } = capture({ level: 'info', buffer: { level: 'trace' } });
    inInvocation('inv-1', () => {
      log.trace('t');
      log.error('boom');
    });
    expect(records().map((r) => r.message)).toEqual(['t', 'boom']);
    const plain = capture({ level: 'info', buffer: true });
    inInvocation('inv-2', () => {
      plain.log.trace('t');
      plain.log.error('boom');
    });
    expect(plain.records().map((r) => r.message)).toEqual(['boom']);
  });

  it('keeps nothing outside an invocation', () => {
    const { log, records } = capture({ level: 'info', buffer: true });
    log.debug('d');
    log.error('boom');
    expect(records().map((r) => r.message)).toEqual(['boom']);
  });

  it('keeps each invocation apart when they interleave', async () => {
    const { log, records } = capture({ level: 'info', buffer: true });
    const run = (id: string, fails: boolean) =>
      scopeStorage.run(scopeFor(id), async () => {
        log.debug(`${id} step`);
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (fails) log.error(`${id} failed`);
      });
    await Promise.all([run('a', true), run('b', false), run('c', true)]);
    expect(records().map((r) => r.message)).toEqual(['a step', 'a failed', 'c step', 'c failed']);
  });

  it('can be flushed by hand', () => {
    const { log, records } = capture({ level: 'info', buffer: true });
    inInvocation('inv-1', () => {
      log.debug('d');
      log.flushBuffer();
    });
    expect(records().map((r) => r.message)).toEqual(['d']);
  });

  it('writes nothing, buffered or not, when silent', () => {
    const { log, sink } = capture({ level: 'silent', buffer: true });
    inInvocation('inv-1', () => {
      log.debug('d');
      log.fatal('f');
      log.flushBuffer();
    });
    expect(sink.entries).toHaveLength(0);
  });
});

describe('FAASADE_LOG_BUFFER', () => {
  it('turns the buffer on, with that many lines, for loggers created without a buffer option', () => {
    expect(resolveConfig({}, { FAASADE_LOG_BUFFER: '25' }).buffer).toMatchObject({ maxLines: 25 });
    expect(resolveConfig({ buffer: false }, { FAASADE_LOG_BUFFER: '25' }).buffer).toBeUndefined();
    expect(resolveConfig({ buffer: { maxLines: 5 } }, { FAASADE_LOG_BUFFER: '25' }).buffer).toMatchObject({
      maxLines: 5,
    });
  });

  it('leaves the buffer off for anything but a positive whole number', () => {
    for (const value of [undefined, '', '0', '-3', '2.5', 'lots']) {
      expect(resolveConfig({}, { FAASADE_LOG_BUFFER: value }).buffer).toBeUndefined();
    }
  });
});
