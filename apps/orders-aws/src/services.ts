import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { InMemoryStateStore } from '@faasade/core/state';
import { DynamoDbStateStore } from '@faasade/core/state/dynamodb';
import { tracedFetch } from '@faasade/core/telemetry';
import { HttpPaymentClient, MemoryOrderStore, type OrdersServices, SAMPLE_STOCK } from '@faasade/orders';
import { DynamoDbOrderStore } from '@faasade/orders/store/dynamodb';
import type { AwsOrdersConfig } from './config';
import { SqsOrderEvents, UnconfiguredOrderEvents } from './publisher';

/** AWS SDK clients to use instead of the default ones (for an endpoint, region or credentials of your own). */
export interface AwsClients {
  dynamodb?: DynamoDBClient;
  sqs?: Pick<SQSClient, 'send'>;
}

/**
 * The orders app's services on AWS: DynamoDB for orders and stock (`DynamoDbOrderStore`) and
 * for idempotency records and the payment breaker (`DynamoDbStateStore`), SQS for
 * `order.created` messages, and the payment service over HTTP with the trace continued.
 * Without table names the stores are the embedded in-memory ones with the sample stock, which
 * is what the bundle answers with when it is run with no configuration.
 *
 * @example
 * ```ts
 * import { createOrdersApp } from '@faasade/orders';
 * import { readConfig } from '@faasade/orders-aws/config';
 * import { awsServices } from '@faasade/orders-aws/services';
 * const app = createOrdersApp(awsServices(readConfig(process.env)));
 * ```
 */
export function awsServices(config: AwsOrdersConfig, clients: AwsClients = {}): OrdersServices {
  let dynamodb = clients.dynamodb;
  // One client for both stores: one connection pool, one credentials cache.
  const dynamoDbClient = () => (dynamodb ??= new DynamoDBClient({}));
  const tables = config.tables;
  return {
    store: () =>
      tables
        ? new DynamoDbOrderStore({
            client: dynamoDbClient(),
            tables: { orders: tables.orders, inventory: tables.inventory },
          })
        : new MemoryOrderStore(SAMPLE_STOCK),
    state: () =>
      tables
        ? new DynamoDbStateStore({ tableName: tables.state, client: dynamoDbClient() })
        : new InMemoryStateStore(),
    events: () =>
      config.queueUrl
        ? new SqsOrderEvents({ queueUrl: config.queueUrl, client: clients.sqs })
        : new UnconfiguredOrderEvents(),
    payments: (state) => {
      if (!config.paymentsUrl) throw new Error('PAYMENTS_URL is not set: cannot charge orders');
      return new HttpPaymentClient({ baseUrl: config.paymentsUrl, breakerStore: state, fetch: tracedFetch });
    },
  };
}
