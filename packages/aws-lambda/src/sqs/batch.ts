import type { InvocationMeta, MessageOutcome, Runtime } from '@faasade/core';
import type { SqsBatchResponse, SqsRecord } from '../types';
import type { SqsDeadLetterQueue } from './dead-letter';
import { isFifoQueue, toMessageInput } from './message';

/**
 * Runs an SQS batch through a queue function one record at a time and reports the records SQS
 * must deliver again as `batchItemFailures` (the event source mapping needs
 * `FunctionResponseTypes: [ReportBatchItemFailures]`), so the records that succeeded are
 * deleted and not processed twice.
 *
 * - `retry`: reported, SQS delivers it again after the visibility timeout.
 * - `dead-letter` / `exhausted` (failed on its last allowed receive): reported, and the queue's
 *   redrive policy (`maxReceiveCount` = the function's `maxAttempts`) moves it to the DLQ.
 * - `dead-letter` / `invalid` (can never succeed): not retried. With a dead-letter queue URL it
 *   is sent there, then deleted; if that send fails it is reported so it is never lost. Without
 *   one it is deleted: the core has already logged it and run the app's `onDeadLetter` hook,
 *   which is then the only place its body survives.
 * - FIFO queues: once a record fails, the later records of its message group are reported
 *   without being run, so the group's order holds; other groups go on.
 *
 * Each record is its own span and counts as its own invocation in the FaaS metrics; the
 * telemetry of the whole batch is flushed once, at its end (the batch is one Lambda invocation).
 */
export class SqsBatchProcessor {
  private readonly runtime: Runtime;
  private readonly functionName: string;
  private readonly deadLetterQueue: SqsDeadLetterQueue | undefined;

  constructor(runtime: Runtime, functionName: string, deadLetterQueue?: SqsDeadLetterQueue) {
    this.runtime = runtime;
    this.functionName = functionName;
    this.deadLetterQueue = deadLetterQueue;
  }

  async process(records: readonly SqsRecord[], meta: InvocationMeta): Promise<SqsBatchResponse> {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    const blockedGroups = new Set<string>();
    try {
      for (const record of records) {
        const group = isFifoQueue(record.eventSourceARN) ? record.attributes.MessageGroupId : undefined;
        if (group !== undefined && blockedGroups.has(group)) {
          batchItemFailures.push({ itemIdentifier: record.messageId });
          continue;
        }
        const raw = { event: record, context: meta.raw?.context };
        // The batch is one Lambda invocation: its telemetry leaves in one flush, after the last record.
        const outcome = await this.runtime.message(this.functionName, toMessageInput(record), {
          ...meta,
          raw,
          deferFlush: true,
        });
        if (!(await this.settle(record, outcome))) {
          batchItemFailures.push({ itemIdentifier: record.messageId });
          if (group !== undefined) blockedGroups.add(group);
        }
      }
    } finally {
      await this.runtime.flush(meta.deadline);
    }
    return { batchItemFailures };
  }

  /** True when SQS may delete the record. */
  private async settle(record: SqsRecord, outcome: MessageOutcome): Promise<boolean> {
    if (outcome.status === 'ok') return true;
    if (outcome.status === 'retry' || outcome.reason === 'exhausted') return false;
    if (!this.deadLetterQueue) return true;
    try {
      await this.deadLetterQueue.send(record, outcome.reason, outcome.error);
      return true;
    } catch (error) {
      this.runtime.log.error(
        'could not send an invalid message to the dead-letter queue; SQS will deliver it again',
        {
          messageId: record.messageId,
          queueUrl: this.deadLetterQueue.queueUrl,
          error,
        },
      );
      return false;
    }
  }
}
