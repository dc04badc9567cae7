/**
 * A `level` option or assignment names no level. (A bad level in an env var is skipped instead:
 * an operator's typo must not stop the function.)
 *
 * @example
 * ```ts
 * import { InvalidLogLevelError, Logger } from '@faasade/core/logger';
 * try {
 *   new Logger({ level: 'verbose' as never });
 * } catch (error) {
 *   console.log(error instanceof InvalidLogLevelError); // true
 * }
 * ```
 */
export class InvalidLogLevelError extends Error {
  override readonly name: string = 'InvalidLogLevelError';

  constructor(level: unknown) {
    super(
      `Unknown log level ${JSON.stringify(level)}: use trace, debug, info, warn, error, fatal or silent.`,
    );
  }
}

/**
 * A `redact.paths` entry could not be read. Paths look like `customer.email`,
 * `items[*].secretNote`, `headers["x-trace"]` or `*.password`.
 *
 * @example
 * ```ts
 * import { InvalidRedactPathError, Logger } from '@faasade/core/logger';
 * try {
 *   new Logger({ redact: { paths: ['items[*'] } });
 * } catch (error) {
 *   console.log(error instanceof InvalidRedactPathError); // true
 * }
 * ```
 */
export class InvalidRedactPathError extends Error {
  override readonly name: string = 'InvalidRedactPathError';
  readonly path: string;

  constructor(path: string, reason: string) {
    super(
      `Cannot read redact path "${path}": ${reason}. Write paths as dot-separated keys with [n], [*] or ["key"] segments, e.g. "items[*].secretNote".`,
    );
    this.path = path;
  }
}
