import type { InvocationContext } from '@azure/functions';
import type { LogLevel, LogSink } from '@faasade/core';

/**
 * Sends each line through the invocation context's method for its level, so that the Functions
 * host records it with that level: host.json `logging.logLevel` filters it, and Application
 * Insights stores it in `traces` with the matching severity. Azure has no fatal level; fatal
 * lines go out as errors (the JSON line still says `"level":"fatal"`).
 *
 * @example
 * ```ts
 * import { InvocationContext } from '@azure/functions';
 * import { ContextLogSink } from '@faasade/azure-functions';
 * const context = new InvocationContext({ logHandler: (level, line) => console.log(level, line) });
 * new ContextLogSink(context).write('{"level":"warn","message":"low stock"}', 'warn'); // warning {...}
 * ```
 */
export class ContextLogSink implements LogSink {
  private readonly context: InvocationContext;

  constructor(context: InvocationContext) {
    this.context = context;
  }

  write(line: string, level: LogLevel): void {
    const context = this.context;
    switch (level) {
      case 'trace':
        context.trace(line);
        return;
      case 'debug':
        context.debug(line);
        return;
      case 'info':
        context.info(line);
        return;
      case 'warn':
        context.warn(line);
        return;
      default:
        context.error(line);
    }
  }
}
