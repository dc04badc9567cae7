import type { Logger } from '@faasade/core/logger';
import { cloudEventRequest, cloudSchedulerEvent } from '@faasade/testing/gcp';

/**
 * Cloud Scheduler with a Pub/Sub target, in this process: every `everyMs`, the job's message is
 * pushed to the schedule function as the `messagePublished` CloudEvent it gets on Google Cloud.
 * The timer does not keep the process alive.
 *
 * @example
 * ```ts
 * import { Logger } from '@faasade/core/logger';
 * import { startLocalScheduler } from './scheduler';
 * const stop = startLocalScheduler({ jobName: 'release-stale', url: 'http://127.0.0.1:8082/', everyMs: 300_000, log: new Logger() });
 * stop();
 * ```
 */
export function startLocalScheduler(options: {
  jobName: string;
  url: string;
  everyMs: number;
  log: Logger;
}): () => void {
  const timer = setInterval(() => {
    const tick = cloudSchedulerEvent({ jobName: options.jobName, body: '{}' });
    fetch(cloudEventRequest(options.url, tick, 'binary'))
      .then(async (res) => {
        await res.body?.cancel();
        if (!res.ok) options.log.warn('scheduled run failed', { job: options.jobName, status: res.status });
      })
      .catch((error: unknown) =>
        options.log.warn('scheduled run not delivered', { job: options.jobName, error: String(error) }),
      );
  }, options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
