import { ContextLogSink } from '@faasade/azure-functions';
import { defineApp, http } from '@faasade/core';
import { type AzureLogEntry, azureHttpRequest, azureInvocationContext } from '@faasade/testing/azure';
import { as, registered } from '../support';

describe('ContextLogSink', () => {
  it('sends each level through the context method the host reads it from; fatal goes out as error', () => {
    const logs: AzureLogEntry[] = [];
    const sink = new ContextLogSink(azureInvocationContext({ logs }));
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)
      sink.write(level, level);
    expect(logs.map((l) => [l.message, l.level])).toEqual([
      ['trace', 'trace'],
      ['debug', 'debug'],
      ['info', 'information'],
      ['warn', 'warning'],
      ['error', 'error'],
      ['fatal', 'error'],
    ]);
  });
});

describe('logs of an Azure invocation', () => {
  const before = process.env.FAASADE_LOG_LEVEL;
  afterEach(() => {
    if (before === undefined) delete process.env.FAASADE_LOG_LEVEL;
    else process.env.FAASADE_LOG_LEVEL = before;
  });

  it('reach the host through the invocation context as JSON lines with the invocation fields, at their level', async () => {
    process.env.FAASADE_LOG_LEVEL = 'debug';
    const app = defineApp({
      service: 'orders',
      functions: {
        ping: http({ method: 'GET', route: '/ping' }, (_req, ctx) => {
          ctx.log.debug('checking', { depth: 1 });
          ctx.log.warn('slow dependency', { ms: 900 });
          return { ok: true };
        }),
      },
    });
    const logs: AzureLogEntry[] = [];
    const context = azureInvocationContext({ functionName: 'ping', invocationId: 'inv-42', logs });
    await as(registered(app)('ping'), 'http').handler(
      await azureHttpRequest(new Request('https://h/api/ping')),
      context,
    );
    const lines = logs.filter((l) => !l.message.includes('cold start'));
    expect(lines.map((l) => l.level)).toEqual(['debug', 'warning']);
    expect(JSON.parse(lines[1].message)).toMatchObject({
      level: 'warn',
      message: 'slow dependency',
      service: 'orders',
      cloud: 'azure',
      function: 'ping',
      invocationId: 'inv-42',
      ms: 900,
    });
  });
});
