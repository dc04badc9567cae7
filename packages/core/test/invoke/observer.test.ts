import type { InvocationInfo, InvocationObserver, InvocationOutcome } from '../../src/context/observer';
import { currentScope } from '../../src/context/scope';
import { defineApp, http, queue } from '../../src/function/define';
import { HttpError } from '../../src/function/errors';
import { invoke, invokeMessage } from '../../src/invoke/local';

/** Records what the pipeline tells the observer seam, in order. */
function recordingObserver(flushMs = 0) {
  const events: string[] = [];
  const started: InvocationInfo[] = [];
  const ended: InvocationOutcome[] = [];
  const observer: InvocationObserver = {
    start(info) {
      started.push(info);
      events.push(`start:${info.functionName}`);
      const traceIds = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), sampled: true };
      return {
        traceIds,
        run: (fn) => {
          events.push('run');
          return fn();
        },
        end: (outcome) => {
          ended.push(outcome);
          events.push('end');
        },
      };
    },
    async flush(timeoutMs) {
      events.push(`flush:${timeoutMs > 0 ? 'bounded' : 'none'}`);
      await new Promise((r) => setTimeout(r, flushMs));
    },
  };
  return { observer, events, started, ended };
}

const app = defineApp({
  service: 'obs',
  functions: {
    ok: http({ method: 'GET', route: '/ok/:id' }, () => ({ trace: currentScope()?.traceIds()?.traceId })),
    bad: http({ method: 'GET', route: '/bad' }, () => {
      throw new HttpError(404, 'NOPE', 'nope');
    }),
    broken: http({ method: 'GET', route: '/broken' }, () => {
      throw new Error('kaput');
    }),
    work: queue({ queue: 'q' }, () => {}),
  },
});

describe('the observer seam', () => {
  it('starts, runs, ends and flushes, in that order, before the response is returned', async () => {
    const rec = recordingObserver();
    const res = await invoke(app, new Request('http://l/ok/1?x=2', { headers: { 'user-agent': 'ua' } }), {
      runtime: { observer: rec.observer },
    });
    expect(rec.events).toEqual(['start:ok', 'run', 'end', 'flush:bounded']);
    expect(await res.json()).toEqual({ trace: 'a'.repeat(32) });
    expect(rec.started[0]).toMatchObject({
      service: 'obs',
      trigger: 'http',
      cloud: 'local',
      http: { method: 'GET', route: '/ok/:id', path: '/ok/1', query: 'x=2', userAgent: 'ua' },
    });
    expect(rec.ended[0]).toEqual({ status: 200, error: undefined, timedOut: false });
  });

  it('reports a 4xx as a status, not an error, and a 5xx with its error', async () => {
    const rec = recordingObserver();
    await invoke(app, new Request('http://l/bad'), { runtime: { observer: rec.observer } });
    await invoke(app, new Request('http://l/broken'), { runtime: { observer: rec.observer } });
    expect(rec.ended[0]).toMatchObject({ status: 404, error: undefined });
    expect(rec.ended[1].status).toBe(500);
    expect((rec.ended[1].error as Error).message).toBe('kaput');
  });

  it("hands a message's own trace context to the observer", async () => {
    const rec = recordingObserver();
    const traceparent = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;
    await invokeMessage(
      app,
      'work',
      { a: 1 },
      { id: 'm', attributes: { traceparent }, runtime: { observer: rec.observer } },
    );
    expect(rec.started[0]).toMatchObject({
      trigger: 'pubsub',
      carrier: { traceparent },
      messaging: { messageId: 'm' },
    });
  });

  it('never spends more than the time left before the deadline on the flush', async () => {
    const rec = recordingObserver();
    await invoke(app, new Request('http://l/ok/1'), {
      runtime: { observer: rec.observer },
      meta: { deadline: Date.now() - 1 },
    });
    expect(rec.events.at(-1)).toBe('flush:none');
  });

  it('uses the incoming traceparent for log correlation when no telemetry is configured', async () => {
    const res = await invoke(
      app,
      new Request('http://l/ok/1', { headers: { traceparent: `00-${'c'.repeat(32)}-${'d'.repeat(16)}-01` } }),
    );
    expect(await res.json()).toEqual({ trace: 'c'.repeat(32) });
  });
});
