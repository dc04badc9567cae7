import { type Context, type ContextManager, ROOT_CONTEXT } from '@opentelemetry/api';
import { contextStorage } from './context-storage';

/**
 * An `@opentelemetry/api` ContextManager over the process-wide {@link contextStorage}. The
 * invocation span runs through it whether or not it is registered as the API's global; with
 * `register: true` libraries using `context.active()` see the same context.
 *
 * Only functions are bound; EventEmitters are returned unchanged (no listener patching), which is
 * all the invocation path needs.
 */
export class AsyncLocalContextManager implements ContextManager {
  active(): Context {
    return contextStorage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return contextStorage.run(context, () => fn.apply(thisArg, args));
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
