/**
 * `@faasade/testing/azure`: Azure Functions trigger shapes built with the real `@azure/functions`
 * classes, and a harness that invokes an app the way the Functions host would.
 */
export { type AzureInvocationContextInit, type AzureLogEntry, azureInvocationContext } from './context';
export { eventGridEvent } from './events';
export { type AzureHarnessOptions, azureHarness } from './harness';
export { azureHttpRequest } from './http';
export {
  type AzureQueueDelivery,
  type ServiceBusMessageInit,
  type StorageQueueMessageInit,
  serviceBusMessage,
  storageQueueMessage,
} from './queue';
export { escapeDataString, hostResponse } from './response';
export { type TimerInfoInit, timerInfo } from './timer';
