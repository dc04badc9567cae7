import * as path from 'node:path';
import { defineApp, http } from '../../src/function/define';
import { invoke } from '../../src/invoke/local';
import { createTelemetry, type TelemetryDiagnostic } from '../../src/telemetry';
import { runTs } from './support/child';
import { httpInfo, observe } from './support/invocations';
import { closedPortEndpoint, startOtlpReceiver, startSilentServer } from './support/otlp-receiver';

const SCENARIO = path.join(__dirname, 'support/freeze-scenario.ts');
const FLUSH_BOUND_MS = 300;
const EXPORT_DEADLINE_MS = 400;
/** Generous: the machine is shared; the point is "did not hang", not how fast. */
const MARGIN_MS = 1500;

interface Report {
  flushes: number[];
  shutdownMs: number;
  rejected: boolean;
  unhandled: string[];
  diagnostics: Array<{ level: string; message: string; error?: string }>;
}

async function scenario(endpoint: string): Promise<Report> {
  const out = await runTs(SCENARIO, [endpoint, String(FLUSH_BOUND_MS), String(EXPORT_DEADLINE_MS)]);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Report;
}

describe('the serverless freeze: a collector that is down or hangs never fails, stalls or crashes an invocation', () => {
  jest.setTimeout(60_000);
  let refused: Promise<Report> | undefined;
  /** One child process serves both tests about a closed port. */
  const closedPortReport = async () => (refused ??= scenario(await closedPortEndpoint()));

  it('flushes within the bound, never rejects and leaks no unhandled rejection when nothing listens', async () => {
    const report = await closedPortReport();
    expect(report.rejected).toBe(false);
    expect(report.unhandled).toEqual([]);
    for (const ms of report.flushes) expect(ms).toBeLessThan(FLUSH_BOUND_MS + MARGIN_MS);
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({ level: 'warn', error: expect.stringContaining('ECONNREFUSED') }),
    );
  });

  it('flushes within the bound, never rejects and leaks no unhandled rejection when the collector accepts and never answers', async () => {
    const silent = await startSilentServer();
    try {
      const report = await scenario(silent.endpoint);
      expect(silent.connections()).toBeGreaterThan(0);
      expect(report.rejected).toBe(false);
      expect(report.unhandled).toEqual([]);
      for (const ms of report.flushes) expect(ms).toBeLessThan(FLUSH_BOUND_MS + MARGIN_MS);
      expect(report.shutdownMs).toBeLessThan(FLUSH_BOUND_MS + MARGIN_MS);
      // The export outlived the flush and then failed on its own deadline, reported, not thrown.
      expect(report.diagnostics).toContainEqual(
        expect.objectContaining({ level: 'warn', error: expect.stringContaining('gRPC status 4') }),
      );
    } finally {
      await silent.stop();
    }
  });

  it('warns on the first failed export and reports the ones that follow at debug level', async () => {
    const report = await closedPortReport();
    const spanFailures = report.diagnostics.filter((d) => d.message.startsWith('span export failed'));
    expect(spanFailures.map((d) => d.level)).toEqual(['warn', 'debug']);
  });

  it('answers an HTTP invocation with the handler’s response while the collector hangs', async () => {
    const silent = await startSilentServer();
    const telemetry = createTelemetry({
      service: 'shop',
      otlp: { endpoint: silent.endpoint, timeoutMs: 500 },
      onDiagnostic: () => {},
    });
    const app = defineApp({
      service: 'shop',
      functions: { hello: http({ method: 'GET', route: '/hello' }, () => ({ hello: 'world' })) },
    });
    try {
      const started = Date.now();
      const response = await invoke(app, new Request('http://localhost/hello'), {
        runtime: { observer: telemetry, flushTimeoutMs: FLUSH_BOUND_MS },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ hello: 'world' });
      expect(Date.now() - started).toBeLessThan(FLUSH_BOUND_MS + MARGIN_MS);
    } finally {
      await telemetry.shutdown(FLUSH_BOUND_MS);
      await silent.stop();
    }
  });

  it('drops what a refusing collector rejected, then exports again once it accepts', async () => {
    const receiver = await startOtlpReceiver();
    const diagnostics: TelemetryDiagnostic[] = [];
    const telemetry = createTelemetry({
      service: 'shop',
      otlp: { endpoint: receiver.endpoint },
      onDiagnostic: (d) => diagnostics.push(d),
    });
    try {
      receiver.answer({ code: 14, message: 'collector overloaded' });
      await observe(telemetry, httpInfo({ functionName: 'refused' }), () => 1);
      expect(diagnostics).toContainEqual(
        expect.objectContaining({ level: 'warn', message: 'span export failed; the data is dropped' }),
      );
      const refusal = diagnostics.find((d) => d.message.startsWith('span export failed'));
      expect(String(refusal?.error)).toContain('collector overloaded');

      receiver.answer({ ok: true });
      await observe(telemetry, httpInfo({ functionName: 'accepted' }), () => 1);
      await receiver.waitFor((r) => r.spans().length === 1);
      expect(receiver.spans()[0].attributes['faas.name']).toBe('accepted');
      expect(diagnostics).toContainEqual({
        level: 'info',
        message: 'span export recovered after 1 failed attempt(s)',
      });
    } finally {
      await telemetry.shutdown(2000);
      await receiver.stop();
    }
  });

  it('does not wait at all when no time is left, and the export still leaves in the background', async () => {
    const receiver = await startOtlpReceiver();
    const telemetry = createTelemetry({ service: 'shop', otlp: { endpoint: receiver.endpoint } });
    try {
      const observation = telemetry.start(httpInfo());
      observation.end({ status: 200 });
      let resolved = false;
      const flushed = telemetry.flush(0).then(() => {
        resolved = true;
      });
      await Promise.resolve();
      await Promise.resolve();
      expect(resolved).toBe(true);
      await flushed;
      await receiver.waitFor((r) => r.spans().length === 1);
    } finally {
      await telemetry.shutdown(2000);
      await receiver.stop();
    }
  });
});
