import { type Context, type ContextManager, ROOT_CONTEXT } from '@opentelemetry/api';
import { activeContext, runWithContext } from './context-storage';

/**
 * An `@opentelemetry/api` ContextManager over the invocation scope (see `context-storage.ts`):
 * inside an invocation `active()` is the invocation's context, read from the core's own scope;
 * `with()` enters a context for a callback and what it starts. Installed as the API's global with
 * `register: true`, so libraries using `context.active()` see the invocation span.
 *
 * Only functions are bound; EventEmitters are returned unchanged (no listener patching), which is
 * all the invocation path needs.
 */
export class ScopeContextManager implements ContextManager {
  active(): Context {
    return activeContext() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return runWithContext(context, () => fn.apply(thisArg, args));
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const manager = this;
    const fn = target as unknown as (...args: unknown[]) => unknown;
    return function (this: unknown, ...args: unknown[]) {
      return manager.with(context, () => fn.apply(this, args));
    } as unknown as T;
  }

  enable(): this {
    return this;
  }

  /** The storage is shared by every telemetry instance, so disabling one must not clear it. */
  disable(): this {
    return this;
  }
}
