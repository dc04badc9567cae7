import type { ContextLogger, InvocationContext, Token } from '../context/context';
import { currentScope } from '../context/scope';

export type { Token } from '../context/context';

/** Resolves services inside a factory or an init hook. */
export interface Resolver {
  get<T>(token: Token<T>): T;
}

/** A service the app provides: a token and the factory that makes its one instance. */
export interface ServiceBinding<T = unknown> {
  readonly token: Token<T>;
  readonly factory: (resolver: Resolver) => T;
}

/**
 * Names a service. The type parameter is what `ctx.get(token)` returns.
 *
 * @example
 * ```ts
 * import { defineApp, http, provide, token } from '@faasade/core';
 * class Greeter { greet(name: string) { return `hello ${name}`; } }
 * const GreeterToken = token<Greeter>('Greeter');
 * export const app = defineApp({
 *   service: 'hello',
 *   services: [provide(GreeterToken, () => new Greeter())],
 *   functions: {
 *     hello: http({ method: 'GET', route: '/hello/:name' }, (_req, ctx) => ctx.get(GreeterToken).greet(ctx.params.name)),
 *   },
 * });
 * ```
 */
export function token<T>(name: string): Token<T> {
  return Object.freeze({ id: Symbol(name), name });
}

/** Binds a token to a factory. The instance is created lazily, once per function instance. */
export function provide<T>(token: Token<T>, factory: (resolver: Resolver) => T): ServiceBinding<T> {
  loadInversify ??= requireInversify;
  return { token, factory: factory as (resolver: Resolver) => unknown } as ServiceBinding<T>;
}

/** The running invocation's context, resolvable from any factory that runs during an invocation. */
export const InvocationContextToken: Token<InvocationContext> = token<InvocationContext>('InvocationContext');
/** The running invocation's logger. */
export const LoggerToken: Token<ContextLogger> = token<ContextLogger>('Logger');

/** A token was asked for that the app never provided. */
export class ServiceNotFoundError extends Error {
  override readonly name = 'ServiceNotFoundError';
  constructor(name: string) {
    super(
      `No service is provided for token "${name}": add provide(${name}, () => ...) to defineApp({ services })`,
    );
  }
}

/** A per-invocation value was resolved outside of an invocation. */
export class NoInvocationError extends Error {
  override readonly name = 'NoInvocationError';
  constructor(what: string) {
    super(`${what} is only available while an invocation is running`);
  }
}

type InversifyContainer = import('inversify').Container;

/**
 * How the container loads inversify, set by the first `provide()`. Only `provide` refers to
 * {@link requireInversify}, so a bundler that tree-shakes (the `module` build) leaves inversify
 * and reflect-metadata (~125 KB minified, ~5 ms of compile at cold start) out of the bundle of
 * an app that provides no services.
 */
let loadInversify: (() => typeof import('inversify')) | undefined;

function requireInversify(): typeof import('inversify') {
  // Required here, not at the top: inversify costs ~60 ms to require unbundled (~12 ms bundled).
  return require('inversify') as typeof import('inversify');
}

/**
 * The instance-level container, built on inversify. Inversify itself is loaded on the first
 * resolution, not at cold start, so a function that never resolves a service never pays for it;
 * a resolved singleton is cached so later calls skip the container entirely.
 */
export class AppContainer implements Resolver {
  private container: InversifyContainer | undefined;
  private readonly cache = new Map<symbol, unknown>();
  private readonly tokens = new Map<symbol, ServiceBinding>();

  constructor(bindings: readonly ServiceBinding[] = []) {
    for (const b of bindings) {
      if (this.tokens.has(b.token.id)) throw new TypeError(`Service "${b.token.name}" is provided twice`);
      this.tokens.set(b.token.id, b);
    }
  }

  get<T>(t: Token<T>): T {
    const cached = this.cache.get(t.id);
    if (cached !== undefined) return cached as T;
    if (t.id === InvocationContextToken.id)
      return invocationValue('The invocation context', (s) => s.ctx) as T;
    if (t.id === LoggerToken.id) return invocationValue('The invocation logger', (s) => s.ctx?.log) as T;
    if (!this.tokens.has(t.id)) throw new ServiceNotFoundError(t.name);
    const value = this.inversify().get<T>(t.id);
    this.cache.set(t.id, value);
    return value;
  }

  has(t: Token<unknown>): boolean {
    return this.tokens.has(t.id) || t.id === InvocationContextToken.id || t.id === LoggerToken.id;
  }

  private inversify(): InversifyContainer {
    if (this.container) return this.container;
    if (!loadInversify) {
      // Only reachable with bindings written by hand instead of with provide().
      const [first] = this.tokens.values();
      throw new TypeError(
        `Service "${first?.token.name}" was not bound with provide(): write provide(token, factory) in defineApp({ services })`,
      );
    }
    const { Container } = loadInversify();
    const container = new Container();
    const resolver: Resolver = { get: (t) => this.get(t) };
    for (const [id, binding] of this.tokens) {
      container
        .bind(id)
        .toDynamicValue(() => binding.factory(resolver))
        .inSingletonScope();
    }
    this.container = container;
    return container;
  }
}

function invocationValue(
  what: string,
  pick: (scope: NonNullable<ReturnType<typeof currentScope>>) => unknown,
): unknown {
  const scope = currentScope();
  const value = scope ? pick(scope) : undefined;
  if (value === undefined) throw new NoInvocationError(what);
  return value;
}
