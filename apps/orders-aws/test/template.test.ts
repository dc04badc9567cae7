import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeTableCommand, type TableDescription } from '@aws-sdk/client-dynamodb';
import type { HttpFunction, QueueFunction, ScheduleFunction } from '@faasade/core';
import { createStateTable } from '@faasade/core/state/dynamodb';
import { createOrdersApp, memoryServices } from '@faasade/orders';
import { DynamoDbOrderStore } from '@faasade/orders/store/dynamodb';
import { cloudWatchAlarms, judgedFunctions } from '@faasade/slo';
import ordersSlos from '../../../packages/slo/examples/orders.slo';
import { ENV } from '../src/config';
import type { OrdersFunctions } from '../src/handlers';
import { LIMITS } from '../src/limits';
import { FUNCTION_DIMENSION, METRICS_NAMESPACE } from '../src/telemetry';
import { startDynalite } from '../../orders/test/support/dynalite';
import { parseTemplate } from './support/cfn-yaml';

const templatePath = path.join(__dirname, '../deploy/template.yaml');
const templateText = fs.readFileSync(templatePath, 'utf8');
const template = parseTemplate(templateText);
const resources = template.Resources;
const app = createOrdersApp(
  memoryServices({ paymentsUrl: 'http://127.0.0.1:1', events: { publish: async () => {} } }),
);
const { mergeSloAlarms, ALARMS } = require('../scripts/merge-slo-alarms.js') as {
  mergeSloAlarms(template: string, alarms: object): string;
  ALARMS: string;
};

type Properties = Record<string, unknown>;
const ref = (name: string) => ({ Ref: name });
const getAtt = (name: string, attribute: string) => ({ 'Fn::GetAtt': [name, attribute] });

function ofType(type: string): [string, Properties][] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties]);
}

/** The function resource whose Handler is `index.<name>`. */
function functionFor(name: string): [string, Properties] {
  const found = ofType('AWS::Serverless::Function').filter(([, p]) => p.Handler === `index.${name}`);
  expect(found).toHaveLength(1);
  return found[0];
}

function eventsOf(properties: Properties): { Type: string; Properties: Properties }[] {
  return Object.values((properties.Events ?? {}) as Record<string, { Type: string; Properties: Properties }>);
}

describe('deploy/template.yaml', () => {
  it('is a SAM template for the bundle on nodejs22.x', () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(template.Globals.Function).toMatchObject({ Runtime: 'nodejs22.x', CodeUri: '../bundle/' });
  });

  it('has one function per app function, each with Handler index.<name>, and no other', () => {
    const names = Object.keys(app.functions).sort();
    expect(names).toEqual(
      [
        'createOrder',
        'getOrder',
        'getInventory',
        'restock',
        'processOrder',
        'releaseStale',
      ].sort() satisfies (keyof OrdersFunctions)[],
    );
    const handlers = ofType('AWS::Serverless::Function').map(([, p]) => p.Handler);
    expect(handlers.sort()).toEqual(names.map((n) => `index.${n}`));
  });

  it('routes each HTTP function from the HTTP API with its method and path', () => {
    for (const [name, fn] of Object.entries(app.functions)) {
      if (fn.kind !== 'http') continue;
      const { method, route } = (fn as HttpFunction).options;
      const [, properties] = functionFor(name);
      expect(eventsOf(properties)).toEqual([
        {
          Type: 'HttpApi',
          Properties: { ApiId: ref('HttpApi'), Method: method, Path: route.replace(/:(\w+)/g, '{$1}') },
        },
      ]);
      expect(properties.Timeout ?? template.Globals.Function.Timeout).toBe(LIMITS.httpTimeoutSeconds);
    }
  });

  it('feeds processOrder from the orders queue with ReportBatchItemFailures, and redrives to the DLQ after maxAttempts', () => {
    const processOrder = app.functions.processOrder as QueueFunction;
    const [, properties] = functionFor('processOrder');
    expect(eventsOf(properties)).toEqual([
      {
        Type: 'SQS',
        Properties: expect.objectContaining({
          Queue: getAtt('OrdersQueue', 'Arn'),
          BatchSize: LIMITS.batchSize,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        }),
      },
    ]);
    expect(properties.Timeout).toBe(LIMITS.queueTimeoutSeconds);

    const queue = resources.OrdersQueue;
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: getAtt('OrdersDeadLetterQueue', 'Arn'),
      maxReceiveCount: processOrder.options.maxAttempts,
    });
    expect(processOrder.options.maxAttempts).toBe(LIMITS.maxAttempts);
    expect(queue.Properties.VisibilityTimeout).toBe(LIMITS.visibilityTimeoutSeconds);
    expect(LIMITS.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * LIMITS.queueTimeoutSeconds);
    expect(resources.OrdersDeadLetterQueue.Type).toBe('AWS::SQS::Queue');
  });

  it('runs releaseStale from EventBridge Scheduler at the rate the app declares', () => {
    const releaseStale = app.functions.releaseStale as ScheduleFunction;
    expect(releaseStale.options.every).toBe('5m');
    const [, properties] = functionFor('releaseStale');
    expect(eventsOf(properties)).toEqual([
      { Type: 'ScheduleV2', Properties: expect.objectContaining({ ScheduleExpression: 'rate(5 minutes)' }) },
    ]);
  });

  it('gives every function the configuration index.ts reads, pointing at the template resources', () => {
    const variables = template.Globals.Function.Environment.Variables;
    expect(variables).toMatchObject({
      [ENV.ordersTable]: ref('OrdersTable'),
      [ENV.inventoryTable]: ref('InventoryTable'),
      [ENV.stateTable]: ref('StateTable'),
      [ENV.queueUrl]: ref('OrdersQueue'),
      [ENV.deadLetterQueueUrl]: ref('OrdersDeadLetterQueue'),
      [ENV.paymentsUrl]: ref('PaymentsUrl'),
    });
  });

  it('lets each function reach only what it uses', () => {
    const policies = (name: string) => functionFor(name)[1].Policies;
    expect(policies('getOrder')).toEqual([{ DynamoDBReadPolicy: { TableName: ref('OrdersTable') } }]);
    expect(policies('getInventory')).toEqual([{ DynamoDBReadPolicy: { TableName: ref('InventoryTable') } }]);
    expect(policies('createOrder')).toContainEqual({
      SQSSendMessagePolicy: { QueueName: getAtt('OrdersQueue', 'QueueName') },
    });
    expect(policies('processOrder')).toContainEqual({
      SQSSendMessagePolicy: { QueueName: getAtt('OrdersDeadLetterQueue', 'QueueName') },
    });
  });

  describe('tables', () => {
    const describeAll = async () => {
      const dynalite = await startDynalite();
      try {
        const client = dynalite.client();
        const tables = { orders: 'orders', inventory: 'inventory' };
        await new DynamoDbOrderStore({ client, tables }).createTables();
        await createStateTable(client, 'state', { timeToLive: false });
        const describe = async (TableName: string) =>
          (await client.send(new DescribeTableCommand({ TableName }))).Table!;
        return {
          orders: await describe('orders'),
          inventory: await describe('inventory'),
          state: await describe('state'),
        };
      } finally {
        await dynalite.stop();
      }
    };

    /** The schema part of a table, as the template declares it or DynamoDB describes it. */
    const schemaOf = (t: Properties | TableDescription) => ({
      AttributeDefinitions: [...((t.AttributeDefinitions as { AttributeName: string }[]) ?? [])].sort(
        (a, b) => a.AttributeName.localeCompare(b.AttributeName),
      ),
      KeySchema: t.KeySchema,
      GlobalSecondaryIndexes: ((t.GlobalSecondaryIndexes as Properties[] | undefined) ?? []).map((i) => ({
        IndexName: i.IndexName,
        KeySchema: i.KeySchema,
        Projection: i.Projection,
      })),
    });

    it('declares the tables with the schema the stores create (DynamoDbOrderStore.createTables, createStateTable)', async () => {
      const described = await describeAll();
      expect(schemaOf(resources.OrdersTable.Properties)).toEqual(schemaOf(described.orders));
      expect(schemaOf(resources.InventoryTable.Properties)).toEqual(schemaOf(described.inventory));
      expect(schemaOf(resources.StateTable.Properties)).toEqual(schemaOf(described.state));
      for (const id of ['OrdersTable', 'InventoryTable', 'StateTable']) {
        expect(resources[id].Properties.BillingMode).toBe('PAY_PER_REQUEST');
      }
      // createStateTable turns TTL on for `ttl` (dynalite cannot, so it is read from the template only).
      expect(resources.StateTable.Properties.TimeToLiveSpecification).toEqual({
        AttributeName: 'ttl',
        Enabled: true,
      });
    });
  });

  describe('alarms', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');

    it('alarms on the errors of every function', () => {
      for (const name of Object.keys(app.functions)) {
        const [id] = functionFor(name);
        expect(alarms.map(([, p]) => p)).toContainEqual(
          expect.objectContaining({
            Namespace: 'AWS/Lambda',
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: ref(id) }],
            ComparisonOperator: 'GreaterThanThreshold',
            Threshold: 0,
          }),
        );
      }
    });

    it('alarms as soon as a message is in the dead-letter queue', () => {
      expect(alarms.map(([, p]) => p)).toContainEqual(
        expect.objectContaining({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: getAtt('OrdersDeadLetterQueue', 'QueueName') }],
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        }),
      );
    });
  });

  describe('SLO alarms', () => {
    const generated = cloudWatchAlarms(ordersSlos);

    it('holds every alarm generated from the orders objectives, as generated', () => {
      for (const [id, resource] of Object.entries(generated.Resources))
        expect(resources[id]).toEqual(resource);
      expect(template.Parameters).toMatchObject(generated.Parameters);
      expect(template.Conditions).toMatchObject(generated.Conditions);
    });

    it('has a page and a ticket alarm for every objective on every function it judges, all of them app functions', () => {
      const composites = ofType('AWS::CloudWatch::CompositeAlarm').map(([, p]) => p.AlarmName);
      const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      for (const slo of ordersSlos.slos) {
        const functions = judgedFunctions(ordersSlos, slo);
        expect(functions.length).toBeGreaterThan(0);
        for (const fn of functions) {
          expect(Object.keys(app.functions)).toContain(fn);
          const base = `orders-${slo.id}${slo.function === '*' ? `-${kebab(fn)}` : ''}`;
          expect(composites).toContain(`${base}-fast-burn`);
          expect(composites).toContain(`${base}-slow-burn`);
        }
      }
    });

    it('reads the metrics the functions write: the EMF namespace and the faas.name rollup', () => {
      const sloAlarms = ofType('AWS::CloudWatch::Alarm').filter(([id]) => id in generated.Resources);
      expect(sloAlarms.length).toBeGreaterThan(0);
      for (const [, properties] of sloAlarms) {
        for (const query of (properties.Metrics as { MetricStat?: { Metric: Properties } }[] | undefined) ??
          []) {
          if (!query.MetricStat) continue;
          expect(query.MetricStat.Metric.Namespace).toBe(METRICS_NAMESPACE);
          expect((query.MetricStat.Metric.Dimensions as { Name: string }[]).map((d) => d.Name)).toEqual([
            FUNCTION_DIMENSION,
          ]);
        }
      }
    });

    it('is up to date with the generated alarm file (npm run slo -w @faasade/orders-aws)', () => {
      const committed = JSON.parse(fs.readFileSync(ALARMS, 'utf8'));
      expect(committed).toEqual(JSON.parse(JSON.stringify(generated)));
      expect(mergeSloAlarms(templateText, committed)).toBe(templateText);
    });
  });
});
