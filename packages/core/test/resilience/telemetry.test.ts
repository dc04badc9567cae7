import { bulkhead, constantBackoff, fallback, retry } from '@faasade/core/resilience';
import { FakeClock } from './support/fake-clock';
import { fakeInvocation } from './support/invocation';

const unavailable = () => Object.assign(new Error('Service Unavailable'), { status: 503 });

describe('resilience events inside an invocation', () => {
  it('turn each retry into a warn line and a resilience.retries count', async () => {
    const clock = new FakeClock();
    const invocation = fakeInvocation(clock.now() + 60_000);
    let calls = 0;
    await invocation.run(() =>
      retry({ name: 'orders-db', backoff: constantBackoff(20), ...clock.options }).execute(() => {
        if (++calls < 3) throw unavailable();
        return 'ok';
      }),
    );
    expect(invocation.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      'warn retry "orders-db": attempt 1 failed, retrying in 20 ms',
      'warn retry "orders-db": attempt 2 failed, retrying in 20 ms',
    ]);
    expect(invocation.lines[0].fields).toMatchObject({
      resilience: { policy: 'retry', name: 'orders-db', attempt: 1, delayMs: 20 },
      error: { status: 503 },
    });
    expect(invocation.metrics).toEqual([
      {
        kind: 'counter',
        name: 'resilience.retries',
        value: 1,
        attributes: { policy: 'retry', name: 'orders-db' },
      },
      {
        kind: 'counter',
        name: 'resilience.retries',
        value: 1,
        attributes: { policy: 'retry', name: 'orders-db' },
      },
    ]);
  });

  it('count bulkhead rejections in resilience.rejections and log fallbacks', async () => {
    const invocation = fakeInvocation(Date.now() + 60_000);
    const policy = bulkhead({ limit: 1, name: 'renders' });
    await invocation.run(async () => {
      let release!: () => void;
      const running = policy.execute(() => new Promise<void>((resolve) => (release = resolve)));
      await fallback('busy').execute(() => policy.execute(() => 'never'));
      release();
      await running;
    });
    expect(invocation.metrics).toEqual([
      {
        kind: 'counter',
        name: 'resilience.rejections',
        value: 1,
        attributes: { policy: 'bulkhead', name: 'renders' },
      },
    ]);
    expect(invocation.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      'debug bulkhead "renders": call rejected',
      'warn fallback "fallback": serving the fallback',
    ]);
  });

  it('stay silent outside an invocation, where only listeners hear them', async () => {
    const heard: string[] = [];
    const policy = retry({ backoff: constantBackoff(0) });
    policy.onRetry((e) => heard.push(e.type));
    let calls = 0;
    await policy.execute(() => {
      if (++calls < 2) throw unavailable();
      return 'ok';
    });
    expect(heard).toEqual(['retry']);
  });

  it('keep a throwing listener from breaking the call', async () => {
    const policy = fallback('fallback value');
    policy.onFallback(() => {
      throw new Error('listener bug');
    });
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      await expect(policy.execute(() => Promise.reject(new Error('down')))).resolves.toBe('fallback value');
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/listener threw: Error: listener bug/),
        'FaasadeResilienceWarning',
      );
    } finally {
      warn.mockRestore();
    }
  });
});
