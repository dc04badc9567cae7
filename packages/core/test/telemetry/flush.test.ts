import { callExporter, SerialRunner, settleWithin } from '../../src/telemetry/flush';

describe('SerialRunner', () => {
  it('runs one export at a time and serves requests made meanwhile with a single trailing run', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const runner = new SerialRunner(async () => {
      runs += 1;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const first = runner.run();
    const second = runner.run();
    const third = runner.run();
    expect(second).toBe(third);
    expect(runs).toBe(1);
    release();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2);
    release();
    await Promise.all([second, third]);
    expect(runs).toBe(2);
  });

  it('resolves even when the task rejects', async () => {
    const runner = new SerialRunner(() => Promise.reject(new Error('exporter blew up')));
    await expect(runner.run()).resolves.toBeUndefined();
  });
});

describe('settleWithin', () => {
  it('says whether the work finished before the bound, and never rejects', async () => {
    await expect(settleWithin(Promise.resolve(), 1000)).resolves.toBe(true);
    await expect(settleWithin(Promise.reject(new Error('x')), 1000)).resolves.toBe(true);
    await expect(settleWithin(new Promise(() => {}), 20)).resolves.toBe(false);
    await expect(settleWithin(new Promise(() => {}), 0)).resolves.toBe(false);
  });
});

describe('callExporter', () => {
  it('takes the first answer of an exporter that calls back twice', async () => {
    const result = await callExporter((done) => {
      done({ code: 1, error: new Error('first') });
      done({ code: 0 });
    }, 1000);
    expect(result).toEqual({ code: 1, error: new Error('first') });
  });

  it('turns a throw and a rejected async export into failures', async () => {
    expect(
      (
        await callExporter(() => {
          throw new Error('sync');
        }, 1000)
      ).code,
    ).toBe(1);
    expect(
      (
        await callExporter(async () => {
          throw new Error('async');
        }, 1000)
      ).error,
    ).toEqual(new Error('async'));
  });

  it('gives up on an exporter that never calls back', async () => {
    const result = await callExporter(() => undefined, 20);
    expect(result.code).toBe(1);
    expect(String(result.error)).toContain('did not answer within 20 ms');
  });
});
