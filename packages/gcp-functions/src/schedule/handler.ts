import { errorOutput, HttpError, type Runtime, WARMUP_HEADER } from '@faasade/core';
import type { CloudEventFunction, HttpFunction } from '@google-cloud/functions-framework';
import { ScheduledRunError } from '../errors';
import { eventMeta } from '../event-meta';
import { httpMeta } from '../http/request';
import { sendOutput } from '../http/response';
import type { GcpPlatform } from '../platform';
import { dateOf, isWarmupText } from '../pubsub/message';
import type { PubsubPushData } from '../types';

/**
 * A schedule function behind a Cloud Scheduler Pub/Sub target: the job publishes to a topic and
 * the function gets the `messagePublished` CloudEvent. Pub/Sub carries no schedule time, so the
 * publish time stands for it, and a run is never reported past due. A failed run throws, so the
 * platform records it (and Pub/Sub may deliver the tick again, as the subscription's retry
 * policy says).
 */
export function schedulePubsubFunction(
  runtime: Runtime,
  platform: GcpPlatform,
  functionName: string,
): CloudEventFunction {
  return async (ce) => {
    const message = (ce.data as Partial<PubsubPushData> | undefined)?.message;
    const text = message?.data ? Buffer.from(message.data, 'base64').toString('utf8') : '';
    const scheduledTime = dateOf(message?.publishTime ?? message?.publish_time ?? ce.time) ?? new Date();
    const outcome = await runtime.schedule(
      functionName,
      { scheduledTime, pastDue: false },
      eventMeta(ce, platform, isWarmupText(text)),
    );
    if (outcome.status === 'error') throw new ScheduledRunError(functionName, outcome.error);
  };
}

const JOB_NAME = 'x-cloudscheduler-jobname';
const SCHEDULE_TIME = 'x-cloudscheduler-scheduletime';

/**
 * A schedule function behind a Cloud Scheduler HTTP target. Cloud Scheduler sends
 * `X-CloudScheduler-JobName` and `X-CloudScheduler-ScheduleTime`; a request without the job name
 * (and not a warm-up ping) is refused with 403 `NOT_CLOUD_SCHEDULER`. That check keeps stray
 * callers out, not attackers: deploy without `--allow-unauthenticated` and give the job's
 * service account the invoker role. 204 on success; a failure answers 500, so the job's retry
 * configuration applies.
 */
export function scheduleHttpFunction(
  runtime: Runtime,
  platform: GcpPlatform,
  functionName: string,
): HttpFunction {
  return async (req, res) => {
    const meta = httpMeta(req, res, platform);
    const warmup = req.headers[WARMUP_HEADER] !== undefined;
    if (req.headers[JOB_NAME] === undefined && !warmup) {
      const refused = new HttpError(
        403,
        'NOT_CLOUD_SCHEDULER',
        `${functionName} only runs when Cloud Scheduler calls it`,
      );
      sendOutput(res, errorOutput(refused, meta.invocationId));
      return;
    }
    const scheduledTime = dateOf(req.headers[SCHEDULE_TIME] as string | undefined) ?? new Date();
    const outcome = await runtime.schedule(
      functionName,
      { scheduledTime, pastDue: false },
      { ...meta, warmup },
    );
    if (outcome.status === 'ok') res.status(204).end();
    else sendOutput(res, errorOutput(outcome.error, meta.invocationId));
  };
}
