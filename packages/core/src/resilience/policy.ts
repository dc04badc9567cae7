import { currentScope } from '../context/scope';

/** What every policy hands to the operation it runs, and to the policy inside it. */
export interface ExecuteContext {
  /**
   * Aborts when the caller, the invocation's deadline or an enclosing timeout gives up on the
   * operation. Pass it to `fetch` and to SDK calls (`{ abortSignal: signal }`).
   */
  readonly signal: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry, and so on (always 1 outside a retry). */
  readonly attempt: number;
  /**
   * Epoch milliseconds by which the operation must be done: the invocation's deadline or an
   * enclosing timeout's bound, whichever is earlier. `undefined` outside an invocation.
   */
  readonly deadline: number | undefined;
}

/** The work a policy protects. It may return a value or a promise. */
export type Operation<T> = (context: ExecuteContext) => PromiseLike<T> | T;

/**
 * A resilience policy. `Alt` is what the policy may return instead of the operation's result
 * (a fallback's value); it is `never` for every other policy.
 */
export interface Policy<Alt = never> {
  /**
   * Runs `fn` under the policy. Inside an invocation the invocation's AbortSignal and deadline
   * apply; `signal` adds one of the caller's own.
   */
  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T | Alt>;
  /**
   * Runs `fn` inside the context of an enclosing policy (its signal, attempt and deadline).
   * {@link pipeline} composes policies through it; call `execute` otherwise.
   */
  run<T>(fn: Operation<T>, context: ExecuteContext): Promise<T | Alt>;
}

/** A signal that never aborts, for calls made outside any invocation without a signal. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * The context a policy starts from when called directly: the running invocation's signal and
 * deadline when there is one, joined with the caller's signal.
 */
export function rootContext(signal: AbortSignal | undefined): ExecuteContext {
  const ctx = currentScope()?.ctx;
  if (ctx === undefined) return { signal: signal ?? NEVER_ABORTED, attempt: 1, deadline: undefined };
  return {
    signal: signal === undefined ? ctx.signal : linkSignals(signal, ctx.signal),
    attempt: 1,
    deadline: ctx.deadline,
  };
}

/** A signal that aborts as soon as either of the two does, with that one's reason. */
export function linkSignals(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (a === b || b === NEVER_ABORTED) return a;
  if (a === NEVER_ABORTED) return b;
  // AbortSignal.any holds its sources weakly, so a long-lived signal does not collect listeners.
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  const abortWith = (source: AbortSignal) => () => controller.abort(source.reason);
  if (a.aborted) controller.abort(a.reason);
  else if (b.aborted) controller.abort(b.reason);
  else {
    a.addEventListener('abort', abortWith(a), { once: true });
    b.addEventListener('abort', abortWith(b), { once: true });
  }
  return controller.signal;
}

/** The earlier of two optional epoch-millisecond deadlines. */
export function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

/** Rejects with the signal's reason when it has aborted. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}
