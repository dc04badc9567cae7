import { app as azureApp, type HttpMethod as AzureHttpMethod, output } from '@azure/functions';
import {
  type App,
  compileRoute,
  type FunctionDefinition,
  type HttpFunction,
  type PlatformInfo,
  type QueueFunction,
  Runtime,
  toBraceTemplate,
} from '@faasade/core';
import { jsonFormatter } from '@faasade/core/logger';
import { AzureRegistrationError } from './errors';
import { createEventHandler } from './events/handler';
import { createHttpHandler } from './http/handler';
import { azurePlatform } from './platform';
import { createQueueHandler } from './queue/handler';
import { serviceBusInput, storageQueueInput } from './queue/message';
import { type AdapterSettings, DEFAULT_SERVICE_BUS_MAX_DELIVERY_COUNT, resolveSettings } from './settings';
import { createTimerHandler } from './timer/handler';
import { ncrontab } from './timer/schedule';
import type { AzureFunctionsOptions, AzureRegistrar, AzureRegistration, QueueRoute } from './types';

const ALL_METHODS: AzureHttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Azure has no empty route: an optional, always-empty parameter is how a function answers the prefix root. */
const ROOT_ROUTE = '{root:maxlength(0)?}';

/**
 * Registers every function of an app with the `@azure/functions` v4 programming model: HTTP
 * functions with `app.http` (route and methods from the function), queue functions with
 * `app.storageQueue` (or `app.serviceBusQueue`, per function), schedules with `app.timer`
 * (NCRONTAB) and event functions with `app.eventGrid`. Returns what it registered, handlers
 * included, so that tests can call them with the real `HttpRequest` and `InvocationContext`.
 *
 * Everything is checked before anything is registered: a configuration Azure can not honour
 * throws an {@link AzureRegistrationError} and registers nothing.
 *
 * @example
 * ```ts
 * // src/functions/index.ts, the entry point `main` in package.json names
 * import { registerAzureFunctions } from '@faasade/azure-functions';
 * import { app } from '../app';
 *
 * registerAzureFunctions(app, { functionTimeoutMs: 10 * 60_000, maxDequeueCount: 5 });
 * ```
 */
export function registerAzureFunctions(app: App, options: AzureFunctionsOptions = {}): AzureRegistration[] {
  const settings = resolveSettings(options);
  const runtime = new Runtime(app, {
    cloud: 'azure',
    observer: options.observer,
    flushTimeoutMs: options.flushTimeoutMs,
    logFormatter: options.logFormatter ?? jsonFormatter,
    platform: options.platform,
  });
  for (const name of Object.keys(options.queues ?? {})) {
    if (app.functions[name]?.kind !== 'queue') {
      throw new AzureRegistrationError(
        `queues.${name}: ${app.service} has no queue function named "${name}"`,
      );
    }
  }
  const registrations: AzureRegistration[] = [];
  for (const [name, fn] of Object.entries(app.functions)) {
    const platform: PlatformInfo = { ...azurePlatform(name), ...options.platform };
    registrations.push(registrationOf(app, runtime, name, fn, options, settings, platform));
  }
  if (options.router) {
    const name = extraName(app, options.router, 'faasadeRouter', 'router');
    const handler = createHttpHandler(runtime, {}, settings, { ...azurePlatform(name), ...options.platform });
    const routerOptions = {
      route: '{*path}',
      methods: ALL_METHODS,
      authLevel: options.authLevel ?? 'anonymous',
      handler,
    };
    registrations.push({ name, kind: 'http', options: routerOptions, handler });
  }
  if (options.warmupTrigger) {
    const name = extraName(app, options.warmupTrigger, 'faasadeWarmup', 'warmupTrigger');
    // The Premium plan's warmup trigger: mark the instance warm, run no user code.
    const handler = async () => {
      runtime.warmup();
    };
    registrations.push({ name, kind: 'warmup', options: { handler }, handler });
  }
  const registrar = options.registrar ?? azureApp;
  for (const registration of registrations) registerWith(registrar, registration);
  return registrations;
}

function registrationOf(
  app: App,
  runtime: Runtime,
  name: string,
  fn: FunctionDefinition,
  options: AzureFunctionsOptions,
  settings: AdapterSettings,
  platform: PlatformInfo,
): AzureRegistration {
  switch (fn.kind) {
    case 'http':
      return httpRegistration(runtime, name, fn, options, settings, platform);
    case 'queue':
      return queueRegistration(app, runtime, name, fn, options, settings, platform);
    case 'schedule': {
      const handler = createTimerHandler(runtime, name, settings, platform);
      return { name, kind: 'timer', options: { schedule: ncrontab(fn.options, name), handler }, handler };
    }
    case 'event': {
      const handler = createEventHandler(runtime, name, settings, platform);
      return { name, kind: 'eventGrid', options: { handler }, handler };
    }
  }
}

function httpRegistration(
  runtime: Runtime,
  name: string,
  fn: HttpFunction,
  options: AzureFunctionsOptions,
  settings: AdapterSettings,
  platform: PlatformInfo,
): AzureRegistration {
  const route = compileRoute(fn.options.route);
  const handler = createHttpHandler(
    runtime,
    { functionName: name, wildcard: route.wildcard },
    settings,
    platform,
  );
  const registered = {
    route: toBraceTemplate(route) || ROOT_ROUTE,
    methods: methodsOf(fn),
    authLevel: options.authLevel ?? 'anonymous',
    handler,
  };
  return { name, kind: 'http', options: registered, handler };
}

/** The function's methods as Azure names them; GET also answers HEAD, as the core's router does. */
function methodsOf(fn: HttpFunction): AzureHttpMethod[] {
  const declared = Array.isArray(fn.options.method) ? fn.options.method : [fn.options.method];
  if (declared.includes('*')) return ALL_METHODS;
  const methods = new Set(declared.map((m) => m.toUpperCase() as AzureHttpMethod));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}

function queueRegistration(
  app: App,
  runtime: Runtime,
  name: string,
  fn: QueueFunction,
  options: AzureFunctionsOptions,
  settings: AdapterSettings,
  platform: PlatformInfo,
): AzureRegistration {
  const trigger = options.queues?.[name] ?? { service: 'storage' };
  const queueName = trigger.queueName ?? fn.options.queue;
  const maxAttempts = fn.options.maxAttempts ?? app.defaults.maxAttempts;
  if (trigger.service === 'serviceBus') {
    const connection = trigger.connection ?? 'ServiceBusConnection';
    const poisonQueueName = trigger.poisonQueueName ?? `${queueName}-poison`;
    const route: QueueRoute = {
      queueName,
      poisonQueueName,
      maxDeliveryCount: trigger.maxDeliveryCount ?? DEFAULT_SERVICE_BUS_MAX_DELIVERY_COUNT,
      poisonOutput: output.serviceBusQueue({ queueName: poisonQueueName, connection }),
    };
    checkAttempts(
      name,
      maxAttempts,
      route.maxDeliveryCount,
      `the Service Bus queue's MaxDeliveryCount (queues.${name}.maxDeliveryCount)`,
    );
    const handler = createQueueHandler(runtime, name, route, serviceBusInput, settings, platform);
    const registered = {
      queueName,
      connection,
      cardinality: 'one' as const,
      extraOutputs: [route.poisonOutput],
      handler,
    };
    return { name, kind: 'serviceBusQueue', options: registered, handler, queue: route };
  }
  const connection = trigger.connection ?? 'AzureWebJobsStorage';
  const route: QueueRoute = {
    queueName,
    poisonQueueName: `${queueName}-poison`,
    maxDeliveryCount: settings.maxDequeueCount,
    poisonOutput: output.storageQueue({ queueName: `${queueName}-poison`, connection }),
  };
  checkAttempts(
    name,
    maxAttempts,
    route.maxDeliveryCount,
    'host.json extensions.queues.maxDequeueCount (option maxDequeueCount)',
  );
  const handler = createQueueHandler(runtime, name, route, storageQueueInput, settings, platform);
  const registered = { queueName, connection, extraOutputs: [route.poisonOutput], handler };
  return { name, kind: 'storageQueue', options: registered, handler, queue: route };
}

/** The platform dead-letters after its own count: an app that allows more attempts would never see them. */
function checkAttempts(name: string, maxAttempts: number, platformMax: number, setting: string): void {
  if (maxAttempts > platformMax) {
    throw new AzureRegistrationError(
      `${name}: maxAttempts is ${maxAttempts} but ${setting} is ${platformMax}; the host would dead-letter the message ` +
        `before the app gives up on it. Raise the setting to at least ${maxAttempts}, or lower maxAttempts.`,
    );
  }
}

function extraName(app: App, option: boolean | string, fallback: string, setting: string): string {
  const name = typeof option === 'string' ? option : fallback;
  if (name in app.functions) {
    throw new AzureRegistrationError(
      `${setting}: ${app.service} already has a function named "${name}"; pass another name`,
    );
  }
  return name;
}

/**
 * Hands one registration to the Functions host (or any registrar): for callers that adjust what
 * `registerAzureFunctions` returned, with `registrar` set to collect only, before registering it.
 *
 * @example
 * ```ts
 * import { app } from '@azure/functions';
 * import { registerAzureFunctions, registerWith } from '@faasade/azure-functions';
 * const collect = { http() {}, storageQueue() {}, serviceBusQueue() {}, timer() {}, eventGrid() {}, warmup() {} };
 * for (const r of registerAzureFunctions(myApp, { registrar: collect })) registerWith(app, r);
 * ```
 */
export function registerWith(registrar: AzureRegistrar, r: AzureRegistration): void {
  switch (r.kind) {
    case 'http':
      registrar.http(r.name, r.options);
      break;
    case 'storageQueue':
      registrar.storageQueue(r.name, r.options);
      break;
    case 'serviceBusQueue':
      registrar.serviceBusQueue(r.name, r.options);
      break;
    case 'timer':
      registrar.timer(r.name, r.options);
      break;
    case 'eventGrid':
      registrar.eventGrid(r.name, r.options);
      break;
    case 'warmup':
      registrar.warmup(r.name, r.options);
      break;
  }
}
