import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SloError } from '@faasade/slo';
import { CliUsageError, GeneratedFilesOutOfDateError, PrometheusQueryError } from './errors';
import type { CliIo } from './io';
import { BUDGET_USAGE, budgetCommand } from './slo/budget';
import { GENERATE_USAGE, generateCommand } from './slo/generate';

export const USAGE = `Usage: faasade <command> [options]

Commands:
  slo generate   write Prometheus rules, promtool tests and each cloud's alerts from objectives
  slo budget     print the error budget left and the time to its exhaustion

Run faasade <command> --help for its options. Exit codes: 0 done, 1 failed, 2 bad arguments.
`;

const SLO_USAGE = `Usage: faasade slo <generate|budget> [options]\n\n${GENERATE_USAGE}\n${BUDGET_USAGE}`;

function version(): string {
  return (JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8')) as { version: string })
    .version;
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, subcommand, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (command !== 'slo') throw new CliUsageError(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  if (subcommand === 'generate') return generateCommand(rest, io);
  if (subcommand === 'budget') return budgetCommand(rest, io);
  if (subcommand === undefined || subcommand === '--help' || subcommand === '-h') {
    io.stdout(SLO_USAGE);
    return subcommand === undefined ? 2 : 0;
  }
  throw new CliUsageError(`unknown command "slo ${subcommand}": use slo generate or slo budget`);
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code: 0 done,
 * 1 failed (Prometheus unreachable, files out of date), 2 bad arguments or objectives. Errors are
 * reported as one message on stderr, never as a stack trace (set FAASADE_DEBUG=1 to get one).
 *
 * @example
 * ```ts
 * import { run } from '@faasade/cli';
 * const code = await run(['slo', 'budget', '--objective', '0.999', '--total', '1000000', '--bad', '250'], {
 *   stdout: (text) => process.stdout.write(text),
 *   stderr: (text) => process.stderr.write(text),
 *   cwd: process.cwd(),
 *   env: process.env,
 * });
 * ```
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const usage = error instanceof CliUsageError || error instanceof SloError;
    const known =
      usage || error instanceof PrometheusQueryError || error instanceof GeneratedFilesOutOfDateError;
    io.stderr(`faasade: ${(error as Error).message}\n`);
    if (io.env.FAASADE_DEBUG) io.stderr(`${(error as Error).stack}\n`);
    else if (!known) io.stderr('(an unexpected error: set FAASADE_DEBUG=1 to see where it came from)\n');
    return usage ? 2 : 1;
  }
}
