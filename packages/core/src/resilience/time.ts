/** Epoch milliseconds now; policies take one so that tests can drive time by hand. */
export type Clock = () => number;

/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts. Retry takes one of these
 * (`sleep` option) so that tests can record the delays instead of waiting them out.
 */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * The real {@link Sleep}: a timer that an abort clears.
 *
 * @example
 * ```ts
 * import { sleep } from '@faasade/core/resilience';
 *
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(new Error('no more waiting')), 10);
 * const outcome = await sleep(60_000, controller.signal).catch((e: Error) => e.message);
 * console.log(outcome); // no more waiting
 * ```
 */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
