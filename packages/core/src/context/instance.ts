/**
 * Instance-level facts: whether this process has served an invocation yet, and how long it took
 * to get to the first one. One function instance is one process (or one isolate), so module
 * state is the instance's state.
 */

let firstInvocationAt: number | undefined;

/** What the start of an invocation learns about the instance. */
export interface InstanceStart {
  /** True for the first invocation of a cold instance. */
  coldStart: boolean;
  /** Set on the first invocation only: milliseconds from process start to this invocation. */
  initDurationMs: number | undefined;
}

/**
 * Marks the start of an invocation. The first one is a cold start unless the platform says the
 * instance was provisioned or pre-warmed (`provisioned`), in which case its init happened long
 * before any caller waited on it.
 */
export function beginInvocation(provisioned = false): InstanceStart {
  if (firstInvocationAt !== undefined) return { coldStart: false, initDurationMs: undefined };
  // performance.now() counts from process start (timeOrigin), which is what a caller waited for.
  firstInvocationAt = performance.now();
  return { coldStart: !provisioned, initDurationMs: firstInvocationAt };
}

/** Whether the instance has been invoked (a warm-up ping counts: it paid the init). */
export function isWarm(): boolean {
  return firstInvocationAt !== undefined;
}

/** Forgets the instance's history, so a test can start a "new instance". */
export function resetInstance(): void {
  firstInvocationAt = undefined;
}

/** The neutral warm-up marker: an HTTP header, or a field of a JSON event. */
export const WARMUP_HEADER = 'x-faasade-warmup';
export const WARMUP_FIELD = 'faasadeWarmup';

/**
 * True for warm-up pings: the `serverless-plugin-warmup` event (`{ source: 'serverless-plugin-warmup' }`)
 * and the neutral marker `{ faasadeWarmup: true }`. Adapters also check {@link WARMUP_HEADER}.
 */
export function isWarmupPayload(payload: unknown): boolean {
  if (payload === null || typeof payload !== 'object') return false;
  const p = payload as Record<string, unknown>;
  return p.source === 'serverless-plugin-warmup' || p[WARMUP_FIELD] === true;
}
