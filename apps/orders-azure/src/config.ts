import { DEFAULT_ORDERS_TABLE, DEFAULT_STATE_TABLE } from './settings';

/** The app settings the Azure build reads, resolved once at startup. */
export interface AzureOrdersConfig {
  /** The storage account of the orders and stock tables, the state table and the queue. */
  storage: {
    /** The app setting that holds it; the queue trigger names it as its `connection`. */
    setting: 'ORDERS_STORAGE' | 'AzureWebJobsStorage';
    connectionString: string;
  };
  /** `PAYMENTS_URL`: the payment service. */
  paymentsUrl: string;
  /** `ORDERS_TABLE` (default `orders`): the orders and stock. */
  ordersTable: string;
  /** `ORDERS_STATE_TABLE` (default `ordersstate`): idempotency records and the payment breaker. */
  stateTable: string;
}

/** A setting the Azure build needs is missing or unusable. Thrown at startup, so the host reports it at once. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

const STORAGE_SETTINGS = ['ORDERS_STORAGE', 'AzureWebJobsStorage'] as const;

/**
 * Reads the app settings. Returns undefined when no storage is configured at all and the process
 * is not on App Service: the bundle then runs on the embedded defaults (in memory), as it does
 * when loaded by a plain Node process. On App Service, or with identity-based connection
 * settings (`AzureWebJobsStorage__accountName`), which this build does not support, a missing
 * connection string is an error rather than a silent switch to memory.
 *
 * @example
 * ```ts
 * import { readAzureConfig } from '@faasade/orders-azure/dist/config';
 * const config = readAzureConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', PAYMENTS_URL: 'https://pay.example' });
 * config?.storage.setting; // 'AzureWebJobsStorage'
 * ```
 */
export function readAzureConfig(env: NodeJS.ProcessEnv): AzureOrdersConfig | undefined {
  const setting = STORAGE_SETTINGS.find((name) => nonEmpty(env[name]));
  if (!setting) {
    const identityBased = Object.keys(env).find((key) =>
      STORAGE_SETTINGS.some((name) => key.startsWith(`${name}__`)),
    );
    if (identityBased) {
      throw new ConfigurationError(
        `${identityBased} is set, but this build connects with a connection string: set ORDERS_STORAGE ` +
          '(or AzureWebJobsStorage) to the storage account connection string',
      );
    }
    if (nonEmpty(env.WEBSITE_SITE_NAME)) {
      throw new ConfigurationError(
        'Neither ORDERS_STORAGE nor AzureWebJobsStorage is set on this function app',
      );
    }
    return undefined;
  }
  const paymentsUrl = env.PAYMENTS_URL?.trim();
  if (!paymentsUrl || !URL.canParse(paymentsUrl)) {
    throw new ConfigurationError(
      `PAYMENTS_URL must be the payment service's URL (got ${JSON.stringify(paymentsUrl ?? '')})`,
    );
  }
  return {
    storage: { setting, connectionString: env[setting]!.trim() },
    paymentsUrl,
    ordersTable: env.ORDERS_TABLE?.trim() || DEFAULT_ORDERS_TABLE,
    stateTable: env.ORDERS_STATE_TABLE?.trim() || DEFAULT_STATE_TABLE,
  };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
