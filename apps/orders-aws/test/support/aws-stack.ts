import { createStateTable } from '@faasade/core/state/dynamodb';
import { DynamoDbOrderStore } from '@faasade/orders/store/dynamodb';
// dynalite with the TransactWriteItems layer the orders app's store tests run on.
import { type RunningDynalite, startDynalite } from '../../../orders/test/support/dynalite';
import type { AwsOrdersConfig } from '../../src/config';
import { type OrdersHandlers, ordersHandlers } from '../../src/handlers';
import { awsServices } from '../../src/services';
import { type SqsEmulator, startSqsEmulator } from './sqs-emulator';

/** The AWS services of the orders app, emulated in this process. */
export interface AwsStack {
  readonly dynalite: RunningDynalite;
  readonly sqs: SqsEmulator;
  readonly config: Required<Pick<AwsOrdersConfig, 'tables' | 'queueUrl' | 'deadLetterQueueUrl'>>;
  /** Handlers built from the stack's configuration, as index.ts builds them from the environment. */
  handlers(options: { paymentsUrl: string; maxAttempts: number }): OrdersHandlers;
  stop(): Promise<void>;
}

let stacks = 0;

/**
 * dynalite with the orders, inventory and state tables (created with the app's own
 * `createTables` and core's `createStateTable`), and an SQS emulator with the orders queue and
 * its dead-letter queue.
 */
export async function startAwsStack(maxReceiveCount: number): Promise<AwsStack> {
  const n = stacks++;
  const dynalite = await startDynalite();
  const sqs = await startSqsEmulator();
  const tables = { orders: `orders-${n}`, inventory: `inventory-${n}`, state: `state-${n}` };
  await new DynamoDbOrderStore({ client: dynalite.client(), tables }).createTables();
  // dynalite does not implement UpdateTimeToLive; the store checks expiry on read anyway.
  await createStateTable(dynalite.client(), tables.state, { timeToLive: false });
  const { queueUrl, dlqUrl } = await sqs.createQueueWithDlq(`orders-${n}`, maxReceiveCount);
  const config = { tables, queueUrl, deadLetterQueueUrl: dlqUrl };
  return {
    dynalite,
    sqs,
    config,
    handlers: ({ paymentsUrl, maxAttempts }) =>
      ordersHandlers(
        awsServices({ ...config, paymentsUrl }, { dynamodb: dynalite.client(), sqs: sqs.client() }),
        { maxAttempts, deadLetterQueueUrl: dlqUrl, deadLetterSender: sqs.client() },
      ),
    async stop() {
      await sqs.stop();
      await dynalite.stop();
    },
  };
}
