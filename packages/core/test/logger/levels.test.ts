import { InvalidLogLevelError } from '../../src/logger';
import { parseLevel, resolveLevel, resolveSampleRate } from '../../src/logger/levels';
import { capture } from './helpers';

describe('log levels', () => {
  it('writes lines at or above the threshold and drops the rest', () => {
    const { log, records } = capture({ level: 'warn' });
    log.trace('t');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    log.fatal('f');
    expect(records().map((r) => r.level)).toEqual(['warn', 'error', 'fatal']);
  });

  it('writes nothing at all when silent', () => {
    const { log, sink } = capture({ level: 'silent' });
    log.fatal('f');
    log.error('e');
    expect(sink.entries).toHaveLength(0);
  });

  it('changes the threshold at run time', () => {
    const { log, records } = capture({ level: 'info' });
    log.debug('hidden');
    log.level = 'debug';
    log.debug('shown');
    expect(log.level).toBe('debug');
    expect(records().map((r) => r.message)).toEqual(['shown']);
  });

  it('reads level names in any case and common aliases', () => {
    expect(parseLevel('DEBUG')).toBe('debug');
    expect(parseLevel(' Warning ')).toBe('warn');
    expect(parseLevel('critical')).toBe('fatal');
    expect(parseLevel('off')).toBe('silent');
    expect(parseLevel('verbose')).toBeUndefined();
    expect(parseLevel(undefined)).toBeUndefined();
  });

  it('prefers the option, then FAASADE_LOG_LEVEL, then LOG_LEVEL, then AWS_LAMBDA_LOG_LEVEL, then info', () => {
    const env = { FAASADE_LOG_LEVEL: 'error', LOG_LEVEL: 'warn', AWS_LAMBDA_LOG_LEVEL: 'DEBUG' };
    expect(resolveLevel('trace', env)).toBe('trace');
    expect(resolveLevel(undefined, env)).toBe('error');
    expect(resolveLevel(undefined, { LOG_LEVEL: 'warn', AWS_LAMBDA_LOG_LEVEL: 'DEBUG' })).toBe('warn');
    expect(resolveLevel(undefined, { AWS_LAMBDA_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(resolveLevel(undefined, {})).toBe('info');
  });

  it('skips an env var that names no level instead of silencing the function', () => {
    expect(resolveLevel(undefined, { FAASADE_LOG_LEVEL: 'loud', LOG_LEVEL: 'warn' })).toBe('warn');
  });

  it('takes its threshold from FAASADE_LOG_LEVEL when no option is given', () => {
    const saved = process.env.FAASADE_LOG_LEVEL;
    process.env.FAASADE_LOG_LEVEL = 'ERROR';
    try {
      const { log, records } = capture({ level: undefined });
      log.warn('hidden');
      log.error('shown');
      expect(records().map((r) => r.message)).toEqual(['shown']);
    } finally {
      if (saved === undefined) delete process.env.FAASADE_LOG_LEVEL;
      else process.env.FAASADE_LOG_LEVEL = saved;
    }
  });

  it('reports whether a level is enabled', () => {
    const { log } = capture({ level: 'warn' });
    expect(log.isLevelEnabled('info')).toBe(false);
    expect(log.isLevelEnabled('error')).toBe(true);
  });

  it('reads the sample rate from the option or FAASADE_LOG_SAMPLE_RATE, clamped to 0..1', () => {
    expect(resolveSampleRate(0.25, { FAASADE_LOG_SAMPLE_RATE: '0.5' })).toBe(0.25);
    expect(resolveSampleRate(undefined, { FAASADE_LOG_SAMPLE_RATE: '0.5' })).toBe(0.5);
    expect(resolveSampleRate(undefined, { FAASADE_LOG_SAMPLE_RATE: '7' })).toBe(1);
    expect(resolveSampleRate(-1, {})).toBe(0);
    expect(resolveSampleRate(undefined, { FAASADE_LOG_SAMPLE_RATE: 'often' })).toBe(0);
    expect(resolveSampleRate(undefined, {})).toBe(0);
  });
});

describe('a level given in code', () => {
  it('is read in any case', () => {
    expect(capture({ level: 'WARN' as never }).log.level).toBe('warn');
  });

  it('is refused with an InvalidLogLevelError when it names no level', () => {
    expect(() => capture({ level: 'verbose' as never })).toThrow(InvalidLogLevelError);
    const { log } = capture();
    expect(() => {
      log.level = 'loud' as never;
    }).toThrow(/Unknown log level "loud": use trace, debug, info, warn, error, fatal or silent/);
    expect(log.level).toBe('info');
  });
});
