// The entry functions-framework loads on Cloud Run functions (`main` of the bundle's package.json).
// Targets: createOrder, getOrder, getInventory, restock, processOrder, releaseStale, and `api`.
import { registerGcpFunctions } from '@faasade/gcp-functions';
import { createOrdersApp } from '@faasade/orders';
import { readGcpConfig } from './config';
import { gcpServices } from './services';
import { telemetryFromEnv } from './telemetry';

process.setSourceMapsEnabled(true);
const config = readGcpConfig(process.env);
const services = gcpServices(config);

export const app = createOrdersApp(services, { maxAttempts: config.maxAttempts });
export const targets = registerGcpFunctions(app, {
  router: 'api',
  observer: telemetryFromEnv(process.env),
  deadLetterPublisher: services.deadLetters,
});
