/** GCP event factories and the GCP harness: `@faasade/testing/gcp`. */
export {
  type CloudEventMode,
  cloudEventRequest,
  cloudSchedulerEvent,
  cloudSchedulerRequest,
  type GcpHttpRequestInit,
  gcpHttpRequest,
  type PubsubEventInit,
  pubsubCloudEvent,
} from './events';
export { type GcpHarnessOptions, gcpHarness } from './harness';
