/**
 * Run in a child process (`node --import tsx freeze-scenario.ts <endpoint> <flushMs> <exportTimeoutMs>`)
 * so that `process.on('unhandledRejection')` sees what a real function would see (jest installs
 * its own handler). Drives one invocation the way the runtime does, then waits past the
 * exporter's own deadline, and prints a JSON report on stdout.
 */
import { createTelemetry, type TelemetryDiagnostic } from '../../../src/telemetry';
import { httpInfo } from './invocations';

async function main(): Promise<void> {
  const [endpoint, flushMs, exportTimeoutMs] = process.argv.slice(2);
  const unhandled: string[] = [];
  process.on('unhandledRejection', (reason) => unhandled.push(String(reason)));
  const diagnostics: TelemetryDiagnostic[] = [];
  const telemetry = createTelemetry({
    service: 'freeze',
    otlp: { endpoint, timeoutMs: Number(exportTimeoutMs) },
    onDiagnostic: (d) => diagnostics.push(d),
  });

  const flushes: number[] = [];
  let rejected = false;
  for (let i = 0; i < 2; i++) {
    // What the runtime does for every invocation; only the flush is timed.
    const observation = telemetry.start(httpInfo());
    observation.run(() => 'ok');
    observation.end({ status: 200 });
    const started = performance.now();
    await telemetry.flush(Number(flushMs)).catch(() => {
      rejected = true;
    });
    flushes.push(performance.now() - started);
  }
  // Let the exports that outlived the bound reach their own deadline and fail in the background.
  await new Promise((r) => setTimeout(r, Number(exportTimeoutMs) * 3));
  const shutdownStarted = performance.now();
  await telemetry.shutdown(Number(flushMs));
  const shutdownMs = performance.now() - shutdownStarted;
  await new Promise((r) => setTimeout(r, 50));
  const report = {
    flushes,
    shutdownMs,
    rejected,
    unhandled,
    diagnostics: diagnostics.map((d) => ({
      level: d.level,
      message: d.message,
      error: d.error instanceof Error ? d.error.message : undefined,
    })),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stdout.write(`${JSON.stringify({ crashed: String(error) })}\n`);
    process.exit(1);
  },
);
