import { parseArgs } from 'node:util';
import { CliUsageError } from './errors';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * Parses options strictly: an unknown option, a missing value or a stray argument is a usage
 * error that names it, never a stack trace.
 */
export function parseOptions<T extends OptionSpec>(
  args: string[],
  options: T,
  command: string,
): { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string } {
  try {
    const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
    return values as never;
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new CliUsageError(
      `${command}: ${message.charAt(0).toLowerCase()}${message.slice(1)} (see faasade ${command} --help)`,
    );
  }
}

/** A required option, or a usage error naming it. */
export function required(value: string | undefined, flag: string, command: string): string {
  if (value === undefined || value === '') throw new CliUsageError(`${command}: ${flag} is required`);
  return value;
}

/** A count of events: a number of 0 or more. */
export function count(value: string | undefined, flag: string, command: string): number {
  const text = required(value, flag, command);
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new CliUsageError(
      `${command}: ${flag} must be a count of events (0 or more), got ${JSON.stringify(text)}`,
    );
  }
  return Number(text);
}
