/**
 * @faasade/azure-functions: runs a faasade app on Azure Functions (Node.js, v4 programming model).
 * `registerAzureFunctions(app)` in the entry file is all a function app needs.
 */
export { AzureRegistrationError } from './errors';
export { toCloudEvent } from './events/cloud-event';
export { parseSetCookie } from './http/cookies';
export { bodyTraceCarrier } from './queue/message';
export { ContextLogSink } from './logging/sink';
export { registerAzureFunctions, registerWith } from './register';
export { ncrontab } from './timer/schedule';
export type {
  AzureFunctionsOptions,
  AzureHandler,
  AzureQueueTrigger,
  AzureRegistrar,
  AzureRegistration,
  QueueRoute,
} from './types';
