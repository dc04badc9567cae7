/** Where a command reads and writes: the process by default, buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The directory relative paths are resolved from. */
  cwd: string;
  env: Record<string, string | undefined>;
}

/** The IO of the running process. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
}
