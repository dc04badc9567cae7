import { GcpConfigError, readGcpConfig } from '../src/config';

describe('readGcpConfig', () => {
  const base = { PAYMENTS_URL: 'https://payments.internal' };

  it('connects to Cloud SQL through the unix socket of INSTANCE_CONNECTION_NAME', () => {
    const config = readGcpConfig({
      ...base,
      INSTANCE_CONNECTION_NAME: 'shop-prod:europe-west1:orders',
      DB_USER: 'orders',
      DB_PASS: 's3cret',
    });
    expect(config.database).toMatchObject({
      host: '/cloudsql/shop-prod:europe-west1:orders',
      user: 'orders',
      password: 's3cret',
      database: 'orders',
    });
  });

  it('prefers DATABASE_URL (the private IP, or any PostgreSQL), and keeps at least two connections', () => {
    const config = readGcpConfig({
      ...base,
      DATABASE_URL: 'postgres://orders:pw@10.20.0.3:5432/orders',
      INSTANCE_CONNECTION_NAME: 'shop-prod:europe-west1:orders',
      DB_POOL_MAX: '1',
    });
    expect(config.database).toEqual(
      expect.objectContaining({ connectionString: 'postgres://orders:pw@10.20.0.3:5432/orders', max: 2 }),
    );
    expect(config.database).not.toHaveProperty('host');
  });

  it('has the defaults the Terraform config relies on', () => {
    const config = readGcpConfig(base);
    expect(config).toMatchObject({
      database: undefined,
      dbSchema: 'orders',
      redisUrl: undefined,
      redisKeyPrefix: 'orders:',
      pubsub: {
        project: undefined,
        topic: 'orders',
        deadLetterTopic: 'orders-dead-letter',
        emulatorHost: undefined,
      },
      metadataHost: 'metadata.google.internal',
      maxAttempts: 5,
    });
  });

  it('fails at cold start, naming every missing or malformed variable', () => {
    let error: unknown;
    try {
      readGcpConfig({ MAX_DELIVERY_ATTEMPTS: '3', DB_SCHEMA: 'Orders; DROP' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(GcpConfigError);
    expect((error as GcpConfigError).problems).toEqual([
      expect.stringContaining('PAYMENTS_URL is required'),
      expect.stringContaining('MAX_DELIVERY_ATTEMPTS must be a whole number from 5 to 100'),
      expect.stringContaining('DB_SCHEMA must be a lowercase identifier'),
    ]);
  });
});
