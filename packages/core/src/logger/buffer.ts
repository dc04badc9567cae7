import type { LogLevel, LogSink } from '../context/scope';

/** A line held back, with where it would have gone. */
export interface BufferedLine {
  readonly line: string;
  readonly level: LogLevel;
  readonly sink: LogSink;
}

/**
 * The lines of one invocation that were below the threshold, kept so that an error can show the
 * trail that led to it. Bounded in lines and in characters: the oldest lines go first, and the
 * count of dropped ones is reported when the buffer is flushed.
 */
export class LineBuffer {
  private lines: BufferedLine[] = [];
  private chars = 0;
  /** Lines dropped to stay within bounds since the last drain. */
  dropped = 0;

  get size(): number {
    return this.lines.length;
  }

  push(entry: BufferedLine, maxLines: number, maxChars: number): void {
    this.lines.push(entry);
    this.chars += entry.line.length;
    while (this.lines.length > 0 && (this.lines.length > maxLines || this.chars > maxChars)) {
      const oldest = this.lines.shift() as BufferedLine;
      this.chars -= oldest.line.length;
      this.dropped++;
    }
  }

  /** Takes every kept line, oldest first, and empties the buffer. */
  drain(): { lines: BufferedLine[]; dropped: number } {
    const drained = { lines: this.lines, dropped: this.dropped };
    this.lines = [];
    this.chars = 0;
    this.dropped = 0;
    return drained;
  }
}
