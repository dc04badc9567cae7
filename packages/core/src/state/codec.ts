/**
 * Serialises a value for a store. Every store keeps JSON, so they all agree on what survives a
 * round trip (no `undefined`, no class instances, `Date` becomes a string).
 */
export function encodeValue(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(
      `The value for state key "${key}" is not JSON-serialisable (got ${typeof value}); store plain data.`,
    );
  }
  return json;
}

/** Parses what {@link encodeValue} wrote. */
export function decodeValue<T>(json: string): T {
  return JSON.parse(json) as T;
}
