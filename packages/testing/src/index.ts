/**
 * @faasade/testing: harnesses that invoke an app the way each cloud would, the event factories
 * behind them, and the contract suite. Each cloud is its own entry point
 * (`@faasade/testing/aws`, `/azure`, `/gcp`) so a project loads only its clouds' SDKs.
 */
export type {
  Harness,
  HarnessHttpOptions,
  HarnessLogLine,
  HarnessMessage,
  QueueBatchResult,
} from './harness';
