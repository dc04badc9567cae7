import type { PathNode } from '../redaction/paths';
import type { Redactor } from '../redaction/redactor';
import { type Ancestors, writeMember } from './json';

/** Written first, in this order; then any other own enumerable property (`status`, `$metadata`). */
const KNOWN = ['name', 'message', 'stack', 'code'] as const;
/** Own but not enumerable on native errors, so read by name. */
const NESTED = ['cause', 'errors'] as const;
const SKIP: ReadonlySet<string> = new Set<string>([...KNOWN, ...NESTED]);

/**
 * An error as `{name, message, stack, code, ...own fields, cause, errors}`. `cause` may be any
 * value and is written like one (an error in it is written the same way, so the chain unrolls);
 * `errors` is AggregateError's list. Cycles and depth are handled by the caller's ancestors.
 */
export function writeError(
  error: Error,
  r: Redactor,
  node: PathNode | undefined,
  ancestors: Ancestors,
): string {
  let out = '';
  const add = (key: string, value: unknown) => {
    const member = writeMember(key, value, r, node, ancestors);
    if (member !== undefined) out = out === '' ? member : `${out},${member}`;
  };
  for (const key of KNOWN) add(key, (error as unknown as Record<string, unknown>)[key]);
  for (const key of Object.keys(error)) {
    if (!SKIP.has(key)) add(key, (error as unknown as Record<string, unknown>)[key]);
  }
  if ('cause' in error) add('cause', error.cause);
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) add('errors', errors);
  return `{${out}}`;
}
