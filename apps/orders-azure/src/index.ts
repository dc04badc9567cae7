/**
 * The Azure Functions entry (package.json `main` of the deployed bundle): the orders app, built
 * with this cloud's services, registered with the host. The host loads it once per instance.
 */
import { createTelemetry } from '@faasade/core/telemetry';
import { createOrdersApp } from '@faasade/orders';
import { readAzureConfig } from './config';
import { embedded } from './embedded';
import { registerOrders } from './register';
import { azureServices } from './services';
import { HOST_SETTINGS } from './settings';

const env = process.env;
const config = readAzureConfig(env);
// Spans and FaaS metrics to Application Insights when the function app has a connection string.
const observer = env.APPLICATIONINSIGHTS_CONNECTION_STRING ? createTelemetry() : undefined;

if (config) {
  registerOrders(createOrdersApp(azureServices(config)), { connection: config.storage.setting, observer });
} else {
  // No storage configured and not on App Service: the embedded defaults, in this process.
  const local = embedded({
    paymentsUrl: env.PAYMENTS_URL ?? 'http://127.0.0.1:4010',
    maxDequeueCount: HOST_SETTINGS.maxDequeueCount,
    redeliveryDelayMs: HOST_SETTINGS.visibilityTimeoutMs,
  });
  local.bind(registerOrders(createOrdersApp(local.services), { observer }));
}
