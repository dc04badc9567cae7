import { ConfigurationError, readAzureConfig } from '../src/config';
import { isLocalEmulator } from '../src/services';

const PAYMENTS = { PAYMENTS_URL: 'https://payments.example.com' };

describe('readAzureConfig', () => {
  it('prefers ORDERS_STORAGE over AzureWebJobsStorage and names the setting the trigger reads', () => {
    const config = readAzureConfig({
      ...PAYMENTS,
      AzureWebJobsStorage: 'host-account',
      ORDERS_STORAGE: 'data-account',
    });
    expect(config?.storage).toEqual({ setting: 'ORDERS_STORAGE', connectionString: 'data-account' });
  });

  it('falls back to AzureWebJobsStorage and the default tables', () => {
    const config = readAzureConfig({ ...PAYMENTS, AzureWebJobsStorage: 'host-account', ORDERS_STORAGE: ' ' });
    expect(config).toEqual({
      storage: { setting: 'AzureWebJobsStorage', connectionString: 'host-account' },
      paymentsUrl: 'https://payments.example.com',
      ordersTable: 'orders',
      stateTable: 'ordersstate',
    });
  });

  it('reads the table names', () => {
    const config = readAzureConfig({
      ...PAYMENTS,
      AzureWebJobsStorage: 'x',
      ORDERS_TABLE: 'orders2',
      ORDERS_STATE_TABLE: 'state2',
    });
    expect(config).toMatchObject({ ordersTable: 'orders2', stateTable: 'state2' });
  });

  it('means the embedded defaults when no storage is configured outside App Service', () => {
    expect(readAzureConfig({})).toBeUndefined();
  });

  it('refuses to fall back to memory on App Service', () => {
    expect(() => readAzureConfig({ WEBSITE_SITE_NAME: 'orders-func' })).toThrow(ConfigurationError);
  });

  it('says identity-based connections are not supported instead of ignoring them', () => {
    expect(() => readAzureConfig({ AzureWebJobsStorage__accountName: 'acme' })).toThrow(
      /AzureWebJobsStorage__accountName is set, but this build connects with a connection string/,
    );
  });

  it('requires a payment service URL with storage', () => {
    expect(() => readAzureConfig({ AzureWebJobsStorage: 'x' })).toThrow(/PAYMENTS_URL/);
    expect(() => readAzureConfig({ AzureWebJobsStorage: 'x', PAYMENTS_URL: 'not a url' })).toThrow(
      ConfigurationError,
    );
  });
});

describe('isLocalEmulator', () => {
  it.each([
    ['UseDevelopmentStorage=true', true],
    ['DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k', true],
    ['DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k;TableEndpoint=http://127.0.0.1:1/a', true],
    ['DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k;EndpointSuffix=core.windows.net', false],
  ])('%s → %s', (connectionString, expected) => {
    expect(isLocalEmulator(connectionString)).toBe(expected);
  });
});
