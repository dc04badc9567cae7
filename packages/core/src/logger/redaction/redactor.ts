import { foldName, isSecretName } from './names';
import { compilePaths, type PathNode } from './paths';
import { needsScan, scrubString } from './strings';

/** How a logger hides secrets. Redaction is on unless `redact: false` is passed. */
export interface RedactOptions {
  /** Extra paths to hide, from the top of the line's fields: `customer.email`, `items[*].secretNote`. */
  paths?: readonly string[];
  /** Extra name parts that mark a field as secret (matched like the built-in ones: `ssn` hides `customerSSN`). */
  keys?: readonly string[];
  /** What a hidden value becomes. Default `[REDACTED]`. */
  censor?: string;
}

/** What a key serialises to: its JSON text (ready to prefix a value) and whether its value is hidden. */
export interface KeyInfo {
  /** `"key":`, already escaped and scrubbed. */
  readonly prefix: string;
  readonly secret: boolean;
}

/** Keys repeat from line to line; past this many distinct ones we stop remembering new ones. */
const KEY_CACHE_LIMIT = 4096;

/**
 * The redaction rules of one logger, and the per-key work it has already done. Built once per
 * logger (children share it), so the hot path only looks keys up in a map.
 */
export class Redactor {
  readonly enabled: boolean;
  readonly censor: string;
  /** `"[REDACTED]"`: the censor as a JSON value. */
  readonly censorJson: string;
  readonly paths: PathNode | undefined;
  private readonly extraParts: readonly string[];
  private readonly keys = new Map<string, KeyInfo>();

  constructor(options: RedactOptions | false | undefined) {
    this.enabled = options !== false;
    const config = options === false ? {} : (options ?? {});
    this.censor = config.censor ?? '[REDACTED]';
    this.censorJson = JSON.stringify(this.censor);
    this.paths = this.enabled ? compilePaths(config.paths ?? []) : undefined;
    this.extraParts = (config.keys ?? []).map(foldName).filter((part) => part.length > 0);
  }

  /** A string as a JSON value, with any JWT or card number replaced by the censor. */
  string(s: string): string {
    if (this.enabled && needsScan(s)) s = scrubString(s, this.censor);
    return quote(s);
  }

  /** How to write a key, and whether its value is a secret. */
  key(key: string): KeyInfo {
    let info = this.keys.get(key);
    if (info === undefined) {
      info = {
        prefix: `${this.string(key)}:`,
        secret: this.enabled && isSecretName(key, this.extraParts),
      };
      if (this.keys.size < KEY_CACHE_LIMIT) this.keys.set(key, info);
    }
    return info;
  }
}

/** Shared by loggers that use the defaults, so they share one key cache too. */
let defaultRedactor: Redactor | undefined;

/** The redactor for a logger's options; loggers with default options share one. */
export function redactorFor(options: RedactOptions | false | undefined): Redactor {
  if (options === undefined) return (defaultRedactor ??= new Redactor(undefined));
  return new Redactor(options);
}

/**
 * JSON-quotes a string. Most log strings need no escaping, and checking that in JavaScript is
 * cheaper than a call into `JSON.stringify` for short strings; long ones go straight to it.
 */
export function quote(s: string): string {
  const length = s.length;
  if (length > 64) return JSON.stringify(s);
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    // Control characters, `"`, `\` and surrogates (a lone one must become \udXXX) need JSON.stringify.
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}
