import type { LogFormatter, LogRecord } from '../record';
import { isoTime } from './time';

/**
 * The default line: `{"level":"info","time":"<ISO 8601>","message":"...", ...fields}`.
 *
 * @example
 * ```ts
 * import { jsonFormatter, Logger } from '@faasade/core/logger';
 * new Logger({ formatter: jsonFormatter }).info('order created', { orderId: 'o-1' });
 * // {"level":"info","time":"2026-11-24T10:00:00.000Z","message":"order created","orderId":"o-1"}
 * ```
 */
export const jsonFormatter: LogFormatter = {
  format(record: LogRecord): string {
    const head = `{"level":"${record.level}","time":"${isoTime(record.time)}","message":${record.messageJson}`;
    return record.fieldsJson === '' ? `${head}}` : `${head},${record.fieldsJson}}`;
  },
};
