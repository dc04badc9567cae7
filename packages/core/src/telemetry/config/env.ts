/** An environment to read settings from (`process.env`, or a plain object in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** A set, non-blank variable, trimmed. */
export function envString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The first of several variables that is set (signal-specific before generic). */
export function firstEnv(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = envString(env, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A comma-separated list, lowercased (`OTEL_TRACES_EXPORTER=otlp,console`). */
export function envList(env: Env, name: string): string[] | undefined {
  const value = envString(env, name);
  return value
    ?.split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

/** A positive number, or undefined when unset or not a number. */
export function envNumber(env: Env, ...names: string[]): number | undefined {
  const value = Number(firstEnv(env, ...names));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** `true`/`false` as the OTel spec spells them (case-insensitive). */
export function envBoolean(env: Env, ...names: string[]): boolean | undefined {
  const value = firstEnv(env, ...names)?.toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/**
 * The `key1=value1,key2=value2` format of `OTEL_EXPORTER_OTLP_HEADERS` and
 * `OTEL_RESOURCE_ATTRIBUTES`: values are percent-encoded; malformed entries are skipped.
 */
export function parseKeyValueList(value: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!value) return result;
  for (const entry of value.split(',')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const key = entry.slice(0, eq).trim();
    try {
      result[key] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      // A value that is not valid percent-encoding is not guessed at.
    }
  }
  return result;
}
