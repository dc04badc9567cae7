import { type App, Runtime } from '@faasade/core';
import { setDefaultLogFormatter } from '@faasade/core/logger';
import {
  type CloudEventFunction,
  cloudEvent,
  type HttpFunction,
  http,
} from '@google-cloud/functions-framework';
import { eventFunction } from './event/handler';
import { httpFunction } from './http/handler';
import { createCloudLoggingFormatter } from './logging/formatter';
import type { GcpFunctionsOptions } from './options';
import { readPlatform } from './platform';
import { queueFunction } from './pubsub/handler';
import { scheduleHttpFunction, schedulePubsubFunction } from './schedule/handler';

interface TargetBase {
  /** The name functions-framework knows it by: the `--entry-point` of `gcloud functions deploy`. */
  readonly target: string;
  /** The app function it runs; undefined for the router. */
  readonly functionName: string | undefined;
}

/** One function registered with functions-framework. */
export type GcpTarget =
  | (TargetBase & {
      readonly kind: 'http' | 'router' | 'schedule';
      readonly signature: 'http';
      readonly handler: HttpFunction;
    })
  | (TargetBase & {
      readonly kind: 'queue' | 'schedule' | 'event';
      readonly signature: 'cloudevent';
      readonly handler: CloudEventFunction;
    });

/**
 * Registers every function of an app with functions-framework, each under its own name:
 * `http` functions with `functions.http`, `queue` functions (Pub/Sub), `event` functions
 * (Eventarc) and `schedule` functions (Cloud Scheduler through Pub/Sub, or over HTTP with
 * `scheduleTrigger: 'http'`) with `functions.cloudEvent`. With `router`, one more HTTP function
 * serves every HTTP function through the app's router. It also makes Cloud Logging's JSON the
 * process's default log format, so module-level loggers match the invocations' lines.
 *
 * @example
 * ```ts
 * // index.ts, the entry file functions-framework loads (`main` in package.json)
 * import { registerGcpFunctions } from '@faasade/gcp-functions';
 * import { app } from './app';
 * registerGcpFunctions(app, { router: 'api' });
 * // gcloud functions deploy createOrder --gen2 --runtime=nodejs20 --trigger-http --entry-point=createOrder
 * // gcloud functions deploy api --gen2 --runtime=nodejs20 --trigger-http --entry-point=api
 * ```
 */
export function registerGcpFunctions(app: App, options: GcpFunctionsOptions = {}): GcpTarget[] {
  if (options.router !== undefined && options.router in app.functions) {
    throw new TypeError(
      `registerGcpFunctions: the router name "${options.router}" is already a function of ${app.service}`,
    );
  }
  const platform = readPlatform(options);
  const logFormatter =
    options.logFormatter ??
    createCloudLoggingFormatter({ projectId: platform.projectId, service: app.service });
  setDefaultLogFormatter(logFormatter);
  const runtime = new Runtime(app, {
    cloud: 'gcp',
    observer: options.observer,
    logFormatter,
    platform: platform.info,
  });

  const targets: GcpTarget[] = [];
  const onHttp = (
    target: string,
    functionName: string | undefined,
    kind: 'http' | 'router' | 'schedule',
    handler: HttpFunction,
  ) => {
    http(target, handler);
    targets.push({ target, functionName, kind, signature: 'http', handler });
  };
  const onEvent = (name: string, kind: 'queue' | 'schedule' | 'event', handler: CloudEventFunction) => {
    cloudEvent(name, handler);
    targets.push({ target: name, functionName: name, kind, signature: 'cloudevent', handler });
  };

  for (const [name, fn] of Object.entries(app.functions)) {
    if (fn.kind === 'http') onHttp(name, name, 'http', httpFunction(runtime, platform, name));
    else if (fn.kind === 'queue')
      onEvent(name, 'queue', queueFunction(runtime, platform, name, options.deadLetterPublisher));
    else if (fn.kind === 'event') onEvent(name, 'event', eventFunction(runtime, platform, name));
    else if (options.scheduleTrigger === 'http')
      onHttp(name, name, 'schedule', scheduleHttpFunction(runtime, platform, name));
    else onEvent(name, 'schedule', schedulePubsubFunction(runtime, platform, name));
  }
  if (options.router !== undefined)
    onHttp(options.router, undefined, 'router', httpFunction(runtime, platform));
  return targets;
}
