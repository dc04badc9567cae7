/**
 * Whether fd 1 is a terminal. `node:tty` (which loads `node:net`, ~4 ms at cold start) is
 * required on the first call only, and never on a cloud's function host.
 */
let stdoutTty: boolean | undefined;

export function stdoutIsTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  if (onFunctionHost(env)) return false;
  // isatty, not process.stdout.isTTY: touching process.stdout makes a piped fd 1 non-blocking.
  stdoutTty ??= (require('node:tty') as typeof import('node:tty')).isatty(1);
  return stdoutTty;
}

/**
 * Lambda, Azure Functions and Cloud Run functions collect stdout through a pipe: no terminal is
 * ever there, so the check (and its module load) is skipped.
 */
export function onFunctionHost(env: NodeJS.ProcessEnv): boolean {
  return (
    env.AWS_LAMBDA_FUNCTION_NAME !== undefined ||
    env.FUNCTIONS_WORKER_RUNTIME !== undefined ||
    env.K_SERVICE !== undefined ||
    env.FUNCTION_TARGET !== undefined
  );
}
