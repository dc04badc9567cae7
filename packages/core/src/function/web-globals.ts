/**
 * Node defines the Fetch API classes (`Request`, `Response`, `Headers`) as lazy globals: the
 * first read loads undici, ~22 ms on this machine. A function that never touches them should
 * not pay that at cold start, so the light classes link themselves to the real ones only when
 * the real one is first read, by anyone.
 */
type WebGlobal = 'Request' | 'Response';

export function whenWebGlobal<T>(name: WebGlobal, link: (value: T) => void): void {
  const g = globalThis as unknown as Record<string, unknown>;
  const desc = Object.getOwnPropertyDescriptor(g, name);
  if (!desc || !desc.get || !desc.configurable) {
    // Already loaded (or replaced by someone): link now, it costs nothing more.
    link(g[name] as T);
    return;
  }
  const original = desc.get;
  Object.defineProperty(g, name, {
    configurable: true,
    enumerable: desc.enumerable,
    get() {
      // Node's own getter replaces this property with the loaded class; put it back ourselves
      // if it did not, so this wrapper runs once.
      const value = original.call(this) as T;
      const now = Object.getOwnPropertyDescriptor(g, name);
      if (now?.get)
        Object.defineProperty(g, name, {
          configurable: true,
          writable: true,
          enumerable: desc.enumerable,
          value,
        });
      link(value);
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(g, name, {
        configurable: true,
        writable: true,
        enumerable: desc.enumerable,
        value,
      });
    },
  });
}

/** Makes `light` instances pass `instanceof real`, and sends every member it lacks to a real one. */
export function linkPrototype(
  light: { prototype: object },
  real: { prototype: object },
  materialise: string,
): void {
  if (Object.getPrototypeOf(light.prototype) === real.prototype) return;
  Object.setPrototypeOf(light.prototype, real.prototype);
  for (const key of Reflect.ownKeys(real.prototype)) {
    if (key === 'constructor' || key === Symbol.toStringTag || Object.hasOwn(light.prototype, key)) continue;
    const desc = Object.getOwnPropertyDescriptor(real.prototype, key);
    if (!desc) continue;
    if (typeof desc.value === 'function') {
      Object.defineProperty(light.prototype, key, {
        value(
          this: Record<string, () => Record<PropertyKey, (...a: unknown[]) => unknown>>,
          ...args: unknown[]
        ) {
          const target = this[materialise]();
          return target[key as string].apply(target, args);
        },
      });
    } else if (desc.get) {
      Object.defineProperty(light.prototype, key, {
        get(this: Record<string, () => Record<PropertyKey, unknown>>) {
          return this[materialise]()[key as string];
        },
      });
    }
  }
}

/** True for a real Fetch API object of this kind, without reading (and so loading) the global. */
export function isWebObject(value: unknown, tag: 'Response' | 'Headers' | 'Request'): boolean {
  return (
    typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === `[object ${tag}]`
  );
}

/**
 * Defines members that go through the real object, before the real class is loaded: what a
 * handler may call on a light object that was never linked (nobody read the global yet).
 */
export function delegateMembers(
  light: { prototype: object },
  members: { methods: readonly string[]; getters: readonly string[] },
  materialise: string,
): void {
  for (const key of members.methods) {
    if (Object.hasOwn(light.prototype, key)) continue;
    Object.defineProperty(light.prototype, key, {
      value(this: Record<string, () => Record<string, (...a: unknown[]) => unknown>>, ...args: unknown[]) {
        const target = this[materialise]();
        return target[key].apply(target, args);
      },
    });
  }
  for (const key of members.getters) {
    if (Object.hasOwn(light.prototype, key)) continue;
    Object.defineProperty(light.prototype, key, {
      get(this: Record<string, () => Record<string, unknown>>) {
        return this[materialise]()[key];
      },
    });
  }
}
