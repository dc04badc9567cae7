/** A promise that is already settled, handed out when a flush had nothing to wait for. */
export const RESOLVED: Promise<void> = Promise.resolve();

const ignore = () => {};

/**
 * Runs an export task at most once at a time. A request made while a run is in progress is
 * served by one trailing run that starts when the current one ends, shared by every request
 * that arrived meanwhile. With many concurrent invocations (Azure, Cloud Run) and a slow
 * collector this keeps one export in flight instead of one per invocation.
 *
 * A task that finishes synchronously (nothing to export; EMF; an in-process exporter) costs no
 * promise at all: {@link request} then returns `undefined`.
 */
export class SerialRunner {
  private running: Promise<void> | undefined;
  private trailing: Promise<void> | undefined;

  constructor(private readonly task: () => Promise<void> | undefined) {}

  /**
   * Runs the task now, or once after the run in progress. Returns `undefined` when it ran and
   * finished synchronously, else a promise that resolves when a run that started after this
   * call has finished. Never throws; the promise never rejects.
   */
  request(): Promise<void> | undefined {
    if (this.trailing) return this.trailing;
    if (!this.running) return this.start();
    const trailing = this.running.then(() => {
      this.trailing = undefined;
      return this.start();
    });
    this.trailing = trailing;
    return trailing;
  }

  /** The run in progress (and its trailing run), if any: what a caller with nothing new waits for. */
  idle(): Promise<void> | undefined {
    return this.trailing ?? this.running;
  }

  /** {@link request} as a promise. */
  run(): Promise<void> {
    return this.request() ?? RESOLVED;
  }

  private start(): Promise<void> | undefined {
    let pending: Promise<void> | undefined;
    try {
      pending = this.task();
    } catch {
      // The task reports its own failures; a throw here must not escape.
      return undefined;
    }
    if (!pending) return undefined;
    // The task reports its own failures; a rejection here must not escape unhandled.
    const run: Promise<void> = pending.then(ignore, ignore).then(() => {
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
 *
 * An exporter that answers before returning (EMF, console, in-process ones) gets its outcome
 * back at once, without a promise or a timer; only one that answers later gets a promise.
 */
export function exportNow(
  run: (done: (result: ExportOutcome) => void) => unknown,
  timeoutMs: number,
): ExportOutcome | Promise<ExportOutcome> {
  let outcome: ExportOutcome | undefined;
  let later: ((result: ExportOutcome) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const done = (result: ExportOutcome) => {
    if (outcome) return;
    outcome = result;
    if (timer) clearTimeout(timer);
    later?.(result);
  };
  try {
    const returned = run(done) as { then?: unknown } | undefined;
    if (returned && typeof returned.then === 'function') {
      (returned as Promise<unknown>).then(undefined, (error) => done({ code: 1, error }));
    }
  } catch (error) {
    done({ code: 1, error });
  }
  if (outcome) return outcome;
  return new Promise<ExportOutcome>((resolve) => {
    later = resolve;
    timer = setTimeout(
      () => done({ code: 1, error: new Error(`exporter did not answer within ${timeoutMs} ms`) }),
      timeoutMs,
    );
    timer.unref();
  });
}

/** {@link exportNow} as a promise. */
export function callExporter(
  run: (done: (result: ExportOutcome) => void) => unknown,
  timeoutMs: number,
): Promise<ExportOutcome> {
  return Promise.resolve(exportNow(run, timeoutMs));
}
