import type { HttpFunction, HttpMethod } from './types';

/** A compiled route template. */
export interface CompiledRoute {
  readonly template: string;
  /** Literal segments, `:name` params, and a trailing `*`. */
  readonly segments: readonly Segment[];
  readonly wildcard: boolean;
  /** Higher wins when two routes match: literal segments count more than params. */
  readonly specificity: number;
}

type Segment = { literal: string } | { param: string };

/**
 * Compiles `/orders/:id` or `/files/*` into segments. Throws a `TypeError` that names the
 * template when it is malformed, so a bad route fails at `defineApp`, not at the first request.
 */
export function compileRoute(template: string): CompiledRoute {
  if (!template.startsWith('/')) throw new TypeError(`Route "${template}" must start with "/"`);
  const parts = template.split('/').filter((p) => p.length > 0);
  const segments: Segment[] = [];
  let wildcard = false;
  let specificity = 0;
  parts.forEach((part, i) => {
    if (part === '*') {
      if (i !== parts.length - 1) throw new TypeError(`Route "${template}": "*" is only allowed at the end`);
      wildcard = true;
    } else if (part.startsWith(':') || (part.startsWith('{') && part.endsWith('}'))) {
      const name = part.startsWith(':') ? part.slice(1) : part.slice(1, -1);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new TypeError(`Route "${template}": "${part}" is not a valid parameter name`);
      }
      segments.push({ param: name });
      specificity += 1;
    } else {
      segments.push({ literal: part });
      specificity += 2;
    }
  });
  return { template, segments, wildcard, specificity };
}

/**
 * The name a trailing wildcard gets in the `{name}` form: `faasade_rest` cannot collide with a
 * parameter a user names, and `ctx.params['*']` is what handlers read.
 */
export const WILDCARD_PARAM = 'faasade_rest';

/** Converts a route to the `{name}` form Azure Functions and API Gateway use. */
export function toBraceTemplate(route: CompiledRoute): string {
  const parts = route.segments.map((s) => ('literal' in s ? s.literal : `{${s.param}}`));
  if (route.wildcard) parts.push(`{*${WILDCARD_PARAM}}`);
  return parts.join('/');
}

/** Matches a path against a route; returns the decoded params, or undefined. */
export function matchRoute(route: CompiledRoute, path: string): Record<string, string> | undefined {
  const parts = splitPath(path);
  const n = route.segments.length;
  if (parts.length < n || (!route.wildcard && parts.length !== n)) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const seg = route.segments[i];
    const part = parts[i];
    if ('literal' in seg) {
      if (seg.literal !== part) return undefined;
    } else {
      params[seg.param] = safeDecode(part);
    }
  }
  if (route.wildcard) params['*'] = parts.slice(n).map(safeDecode).join('/');
  return params;
}

function splitPath(path: string): string[] {
  const out: string[] = [];
  let start = path.charCodeAt(0) === 47 ? 1 : 0;
  for (let i = start; i <= path.length; i++) {
    if (i === path.length || path.charCodeAt(i) === 47) {
      if (i > start) out.push(path.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}

function safeDecode(segment: string): string {
  if (segment.indexOf('%') === -1) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface RouteEntry {
  readonly name: string;
  readonly fn: HttpFunction;
  readonly route: CompiledRoute;
  readonly methods: ReadonlySet<HttpMethod>;
}

export type RouteMatch =
  | { kind: 'found'; entry: RouteEntry; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

/**
 * Picks the HTTP function for a method and path. The most specific matching route wins (literal
 * segments beat parameters, which beat a wildcard); a path that matches only under other
 * methods is a 405 with the allowed methods, nothing at all a 404.
 */
export class Router {
  private readonly entries: RouteEntry[];
  private readonly staticRoutes = new Map<string, RouteEntry[]>();

  constructor(functions: Iterable<[string, HttpFunction]>) {
    const entries: RouteEntry[] = [];
    for (const [name, fn] of functions) {
      const methods = Array.isArray(fn.options.method) ? fn.options.method : [fn.options.method];
      entries.push({
        name,
        fn,
        route: compileRoute(fn.options.route),
        methods: new Set(methods.map((m) => m.toUpperCase() as HttpMethod)),
      });
    }
    entries.sort(
      (a, b) =>
        Number(a.route.wildcard) - Number(b.route.wildcard) || b.route.specificity - a.route.specificity,
    );
    this.entries = entries;
    for (const e of entries) {
      if (e.route.wildcard || e.route.segments.some((s) => 'param' in s)) continue;
      const key = `/${e.route.segments.map((s) => (s as { literal: string }).literal).join('/')}`;
      const list = this.staticRoutes.get(key) ?? [];
      list.push(e);
      this.staticRoutes.set(key, list);
    }
  }

  get routes(): readonly RouteEntry[] {
    return this.entries;
  }

  match(method: string, path: string): RouteMatch {
    const m = method.toUpperCase();
    const allow = new Set<string>();
    const normalised = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const statics = this.staticRoutes.get(normalised);
    if (statics) {
      for (const entry of statics) {
        if (accepts(entry, m)) return { kind: 'found', entry, params: {} };
        for (const x of entry.methods) allow.add(x);
      }
    }
    for (const entry of this.entries) {
      const params = matchRoute(entry.route, path);
      if (!params) continue;
      if (accepts(entry, m)) return { kind: 'found', entry, params };
      for (const x of entry.methods) allow.add(x);
    }
    if (allow.size > 0) return { kind: 'method-not-allowed', allow: [...allow].sort() };
    return { kind: 'not-found' };
  }
}

/** True when a route's function answers this method (HEAD is served by GET). */
export function acceptsMethod(entry: RouteEntry, method: string): boolean {
  return accepts(entry, method.toUpperCase());
}

function accepts(entry: RouteEntry, method: string): boolean {
  return (
    entry.methods.has(method as HttpMethod) ||
    entry.methods.has('*') ||
    (method === 'HEAD' && entry.methods.has('GET'))
  );
}
