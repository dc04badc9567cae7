import { writeSync } from 'node:fs';
import type { LogLevel, LogSink } from '../context/scope';
import { redactorFor } from './redaction/redactor';

export type { LogSink };

/** How long, by default, a write waits in total for a full pipe to drain before it drops the line. */
const MAX_WAIT_MS = 1000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes each line, with a newline, to a file descriptor before the log call returns. A
 * serverless process can be frozen the moment the handler returns, so nothing is left in a
 * buffer to be written later. A full non-blocking pipe (`EAGAIN`) is waited on briefly; a
 * broken one drops the line rather than failing the caller.
 *
 * @example
 * ```ts
 * import { FdSink, Logger } from '@faasade/core/logger';
 * const log = new Logger({ sink: new FdSink(2) }); // lines to stderr
 * log.info('hello');
 * ```
 */
export class FdSink implements LogSink {
  readonly fd: number;
  /** The longest a line waits, in milliseconds, for a full pipe (`EAGAIN`) before it is dropped. */
  readonly maxWaitMs: number;

  constructor(fd: number, options: { maxWaitMs?: number } = {}) {
    this.fd = fd;
    this.maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
  }

  write(line: string, _level: LogLevel): void {
    const text = `${line}\n`;
    let written: number;
    try {
      written = writeSync(this.fd, text);
    } catch (error) {
      writeSlowly(this.fd, Buffer.from(text), error, this.maxWaitMs);
      return;
    }
    // A string is written as UTF-8: fewer bytes than characters can only mean a short write.
    if (written !== text.length && written < Buffer.byteLength(text)) {
      writeSlowly(this.fd, Buffer.from(text).subarray(written), undefined, this.maxWaitMs);
    }
  }
}

/** Finishes a write that was short or hit `EAGAIN`, waiting up to `maxWaitMs` in 1 ms naps. */
function writeSlowly(fd: number, bytes: Buffer, firstError: unknown, maxWaitMs: number): void {
  let error = firstError;
  let waited = 0;
  let rest = bytes;
  while (rest.length > 0) {
    if (error !== undefined) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || waited >= maxWaitMs) return;
      Atomics.wait(sleeper, 0, 0, 1);
      waited++;
    }
    try {
      rest = rest.subarray(writeSync(fd, rest));
      error = undefined;
    } catch (next) {
      error = next;
    }
  }
}

/**
 * The default destination: standard output, synchronously.
 *
 * @example
 * ```ts
 * import { Logger, stdoutSink } from '@faasade/core/logger';
 * // Ignore the invocation's destination (Azure's context) and write to stdout regardless.
 * new Logger({ sink: stdoutSink }).info('to stdout');
 * ```
 */
export const stdoutSink: FdSink = new FdSink(1);

/** A line a {@link MemorySink} kept. */
export interface SinkEntry {
  line: string;
  level: LogLevel;
}

/**
 * Keeps lines in memory: for tests, and for code that inspects what it logged.
 *
 * @example
 * ```ts
 * import { Logger, MemorySink } from '@faasade/core/logger';
 * const sink = new MemorySink();
 * new Logger({ sink }).info('hello', { id: 1 });
 * console.log(sink.records()[0].id); // 1
 * ```
 */
export class MemorySink implements LogSink {
  readonly entries: SinkEntry[] = [];

  write(line: string, level: LogLevel): void {
    this.entries.push({ line, level });
  }

  /** The lines written, in order. */
  get lines(): string[] {
    return this.entries.map((entry) => entry.line);
  }

  /** Each line parsed as JSON (for the JSON format). */
  records(): Record<string, unknown>[] {
    return this.entries.map((entry) => JSON.parse(entry.line) as Record<string, unknown>);
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** A logger must never throw into the code that logs: a failing formatter or sink is reported on stderr. */
export function reportFailure(error: unknown): void {
  try {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const time = new Date().toISOString();
    const head = `{"level":"error","time":"${time}","message":"faasade logger could not write a line"`;
    writeSync(2, `${head},"reason":${redactorFor(undefined).string(reason)}}\n`);
  } catch {
    // stderr is gone too: nothing is left to tell.
  }
}
