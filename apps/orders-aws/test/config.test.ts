import { OrdersConfigError, readConfig } from '../src/config';
import { awsTelemetryOptions } from '../src/telemetry';

describe('readConfig', () => {
  it('selects DynamoDB, SQS and the payment service from the environment', () => {
    expect(
      readConfig({
        ORDERS_TABLE: 'orders',
        INVENTORY_TABLE: 'inventory',
        STATE_TABLE: 'state',
        QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/orders',
        DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/orders-dlq',
        PAYMENTS_URL: 'https://payments.example.com',
      }),
    ).toEqual({
      tables: { orders: 'orders', inventory: 'inventory', state: 'state' },
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/orders',
      deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/orders-dlq',
      paymentsUrl: 'https://payments.example.com',
    });
  });

  it('falls back to the embedded defaults when nothing is set (blank counts as unset)', () => {
    expect(readConfig({})).toEqual({});
    expect(readConfig({ ORDERS_TABLE: ' ', QUEUE_URL: '' })).toEqual({});
  });

  it('refuses some table names without the others', () => {
    expect(() => readConfig({ ORDERS_TABLE: 'orders' })).toThrow(OrdersConfigError);
    expect(() => readConfig({ ORDERS_TABLE: 'orders', STATE_TABLE: 's' })).toThrow(
      /missing: INVENTORY_TABLE$/,
    );
  });
});

describe('awsTelemetryOptions', () => {
  it('writes metrics as EMF and sends traces nowhere when no collector is configured', () => {
    expect(awsTelemetryOptions({})).toMatchObject({
      traces: { exporter: 'none' },
      metrics: { exporter: 'emf' },
      emf: { namespace: 'orders' },
    });
  });

  it('sends traces over OTLP when a collector is configured', () => {
    expect(awsTelemetryOptions({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317' }).traces).toEqual({
      exporter: 'otlp',
    });
    expect(
      awsTelemetryOptions({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4317' }).traces,
    ).toEqual({
      exporter: 'otlp',
    });
  });

  it('leaves the exporters to OTEL_TRACES_EXPORTER and OTEL_METRICS_EXPORTER when they are set', () => {
    const options = awsTelemetryOptions({ OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'otlp' });
    expect(options.traces).toEqual({});
    expect(options.metrics).toEqual({});
  });
});
