/**
 * The Lambda entry of the orders app (`Handler: index.<function>` in deploy/template.yaml).
 * Configuration comes from the environment (see config.ts); with none, the app runs on the
 * embedded in-memory stores.
 */
import { createTelemetry } from '@faasade/core/telemetry';
import { readConfig } from './config';
import { ordersHandlers } from './handlers';
import { awsServices } from './services';
import { awsTelemetryOptions } from './telemetry';

const config = readConfig(process.env);

export const { createOrder, getOrder, getInventory, restock, processOrder, releaseStale, router } =
  ordersHandlers(awsServices(config), {
    observer: createTelemetry(awsTelemetryOptions(process.env)),
    deadLetterQueueUrl: config.deadLetterQueueUrl,
  });
