/**
 * Runs an export task at most once at a time. A request made while a run is in progress is
 * served by one trailing run that starts when the current one ends, shared by every request
 * that arrived meanwhile. With many concurrent invocations (Azure, Cloud Run) and a slow
 * collector this keeps one export in flight instead of one per invocation.
 */
export class SerialRunner {
  private running: Promise<void> | undefined;
  private trailing: Promise<void> | undefined;

  constructor(private readonly task: () => Promise<void>) {}

  /** Resolves when a run that started after this call has finished. Never rejects. */
  run(): Promise<void> {
    if (this.trailing) return this.trailing;
    if (!this.running) return this.start();
    const current = this.running;
    this.trailing = current.then(() => {
      this.trailing = undefined;
      return this.start();
    });
    return this.trailing;
  }

  private start(): Promise<void> {
    const run = this.task()
      .catch(() => {
        // The task reports its own failures; a rejection here must not escape unhandled.
      })
      .finally(() => {
        if (this.running === run) this.running = undefined;
      });
    this.running = run;
    return run;
  }
}

/**
 * Waits for `work` for at most `timeoutMs`. Resolves `true` if it finished in time, `false` if
 * the bound came first; never rejects. The work goes on in the background after a timeout, its
 * eventual rejection already handled.
 */
export function settleWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  const settled = work.then(
    () => true,
    () => true,
  );
  if (!(timeoutMs > 0)) return Promise.resolve(false);
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([settled, bound]).finally(() => clearTimeout(timer));
}

/** What an exporter reported: 0 success, 1 failure (the values of `ExportResultCode`). */
export interface ExportOutcome {
  code: number;
  error?: unknown;
}

/**
 * Calls an exporter's callback-style `export` and settles exactly once: on the first callback
 * (some exporters call back twice), on a synchronous throw, on a rejection of the promise an
 * `async export` returns, or after `timeoutMs` when it never calls back (an exporter without
 * its own deadline must not stall every later flush behind it).
 */
export function callExporter(
  run: (done: (result: ExportOutcome) => void) => unknown,
  timeoutMs: number,
): Promise<ExportOutcome> {
  return new Promise<ExportOutcome>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (result: ExportOutcome) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(result);
    };
    try {
      const returned = run(done) as { then?: unknown } | undefined;
      if (returned && typeof returned.then === 'function') {
        (returned as Promise<unknown>).then(undefined, (error) => done({ code: 1, error }));
      }
    } catch (error) {
      done({ code: 1, error });
    }
    // EMF and in-process exporters answer synchronously: no watchdog timer for them.
    if (!settled) {
      timer = setTimeout(
        () => done({ code: 1, error: new Error(`exporter did not answer within ${timeoutMs} ms`) }),
        timeoutMs,
      );
      timer.unref();
    }
  });
}
