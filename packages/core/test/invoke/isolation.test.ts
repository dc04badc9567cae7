import { setTimeout as sleep } from 'node:timers/promises';
import { defineApp, http, queue } from '../../src/function/define';
import { invoke, invokeMessage } from '../../src/invoke/local';
import { Logger, MemorySink } from '../../src/logger';
import { captureLogs } from './support';

// A logger made at module level, as users do: it must pick up each invocation's fields itself.
const moduleLog = new Logger({ service: 'iso' });

const app = defineApp({
  service: 'iso',
  functions: {
    order: http({ method: 'GET', route: '/orders/:n' }, async (_req, ctx) => {
      const n = ctx.params.n;
      ctx.log.appendKeys({ customer: `c-${n}` });
      await sleep(Number(n) % 7);
      moduleLog.info('step one', { n });
      await sleep((Number(n) * 13) % 5);
      ctx.log.info('step two', { n });
      return { n, invocationId: ctx.invocationId };
    }),
    consume: queue({ queue: 'q' }, async (msg, ctx) => {
      ctx.log.appendKeys({ msgId: msg.id });
      await sleep(Number(msg.id) % 3);
      moduleLog.info('consumed', { n: msg.id });
    }),
  },
});

describe('concurrent invocations in one process', () => {
  it('keep their own ids and keys on every log line across 1,000 interleaved invocations', async () => {
    const logs = captureLogs();
    const results = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        if (i % 4 === 3) {
          await invokeMessage(
            app,
            'consume',
            { i },
            { id: String(i), meta: { invocationId: `inv-${i}`, logSink: logs } },
          );
          return { n: String(i), invocationId: `inv-${i}` };
        }
        const res = await invoke(app, new Request(`http://l/orders/${i}`), {
          meta: { invocationId: `inv-${i}`, logSink: logs },
        });
        return res.json();
      }),
    );
    expect(results).toEqual(results.map((_, i) => ({ n: String(i), invocationId: `inv-${i}` })));

    const userLines = logs.lines.filter((l) => l.message !== 'cold start');
    expect(userLines).toHaveLength(750 * 2 + 250);
    for (const line of userLines) {
      const n = Number(line.n);
      expect(line.invocationId).toBe(`inv-${n}`);
      if (line.message === 'consumed') {
        expect(line).toMatchObject({ function: 'consume', msgId: String(n) });
        expect(line.customer).toBeUndefined();
      } else {
        expect(line).toMatchObject({ function: 'order', customer: `c-${n}` });
        expect(line.msgId).toBeUndefined();
      }
    }
  });

  it('drops per-invocation keys and fields when the invocation ends', async () => {
    const sink = new MemorySink();
    const log = new Logger({ service: 'iso', sink });
    const keyed = defineApp({
      service: 'iso',
      functions: {
        f: http({ method: 'GET', route: '/f' }, (_req, ctx) => {
          ctx.log.appendKeys({ customer: 'c-1' });
          log.info('inside');
          return {};
        }),
      },
    });
    await invoke(keyed, new Request('http://l/f'), { meta: { invocationId: 'inv-x' } });
    log.info('after');
    const [inside, after] = sink.entries.map((e) => JSON.parse(e.line));
    expect(inside).toMatchObject({ message: 'inside', customer: 'c-1', invocationId: 'inv-x' });
    expect(after.message).toBe('after');
    expect(after.customer).toBeUndefined();
    expect(after.invocationId).toBeUndefined();
  });
});
