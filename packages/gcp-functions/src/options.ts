import type { InvocationObserver } from '@faasade/core';
import type { LogFormatter } from '@faasade/core/logger';
import type { DeadLetterPublisher } from './pubsub/dead-letter';

/** Options of {@link registerGcpFunctions}; every one is optional. */
export interface GcpFunctionsOptions {
  /**
   * Also registers one HTTP function under this target name that serves every HTTP function of
   * the app through the app's router (one deployment, one URL, `/orders/:id` routing included).
   */
  router?: string;
  /**
   * How Cloud Scheduler reaches `schedule` functions: `pubsub` (default: a Pub/Sub target, so a
   * `messagePublished` CloudEvent) or `http` (an HTTP target; requests without Cloud Scheduler's
   * `X-CloudScheduler-JobName` header are refused with 403).
   */
  scheduleTrigger?: 'pubsub' | 'http';
  /**
   * Publishes a message that can never succeed (it failed validation, or threw a
   * `PermanentError`) to your dead-letter topic before it is acknowledged. Without one, such a
   * message is acknowledged after the app's `onDeadLetter` hook ran, and that hook is its only
   * record. See the README's "Dead letters".
   */
  deadLetterPublisher?: DeadLetterPublisher;
  /** The project for `logging.googleapis.com/trace`. Default `GOOGLE_CLOUD_PROJECT`, `GCLOUD_PROJECT`, `GCP_PROJECT`. */
  projectId?: string;
  /** `cloud.region`. Default `FUNCTION_REGION` (Cloud Run functions do not set one). */
  region?: string;
  /**
   * The function's timeout, which becomes each invocation's deadline. Default
   * `CLOUD_RUN_TIMEOUT_SECONDS` or `FUNCTION_TIMEOUT_SEC` (seconds); without any, each function's
   * own `timeoutMs` (or the app's default) applies.
   */
  timeoutMs?: number;
  /** Telemetry (`createTelemetry()` from `@faasade/core/telemetry`). */
  observer?: InvocationObserver;
  /** The log line shape. Default: Cloud Logging structured JSON ({@link createCloudLoggingFormatter}). */
  logFormatter?: LogFormatter;
  /** Environment to read the platform facts from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}
