/**
 * The OpenTelemetry semantic-convention names faasade emits, as plain strings.
 *
 * Why not import them from `@opentelemetry/semantic-conventions`: that package's CommonJS entry
 * defines thousands of constants and costs ~8 ms to load, on every cold start, for the few
 * dozen names used here. A test checks these against the package (semconv 1.45).
 */

export const ATTR = {
  serviceName: 'service.name',
  cloudProvider: 'cloud.provider',
  cloudPlatform: 'cloud.platform',
  cloudRegion: 'cloud.region',
  cloudResourceId: 'cloud.resource_id',
  cloudAccountId: 'cloud.account.id',
  faasTrigger: 'faas.trigger',
  faasInvocationId: 'faas.invocation.id',
  /** The name before semconv 1.4x renamed it; still what most backends and the issue read. */
  faasInvocationIdLegacy: 'faas.invocation_id',
  faasColdstart: 'faas.coldstart',
  faasName: 'faas.name',
  faasVersion: 'faas.version',
  faasMaxMemory: 'faas.max_memory',
  faasInstance: 'faas.instance',
  httpRequestMethod: 'http.request.method',
  httpRequestMethodOriginal: 'http.request.method_original',
  httpRoute: 'http.route',
  httpResponseStatusCode: 'http.response.status_code',
  urlPath: 'url.path',
  urlQuery: 'url.query',
  urlScheme: 'url.scheme',
  urlFull: 'url.full',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  userAgentOriginal: 'user_agent.original',
  clientAddress: 'client.address',
  errorType: 'error.type',
  messagingSystem: 'messaging.system',
  messagingDestinationName: 'messaging.destination.name',
  messagingMessageId: 'messaging.message.id',
  messagingOperationType: 'messaging.operation.type',
  messagingOperationName: 'messaging.operation.name',
  servicebusDeliveryCount: 'azure.servicebus.message.delivery_count',
  pubsubDeliveryAttempt: 'gcp.pubsub.message.delivery_attempt',
} as const;

/**
 * The outcome of an invocation on the FaaS metrics. Not a semconv attribute (semconv has none
 * for it), hence faasade's own namespace; Prometheus sees it as `faasade_outcome`.
 */
export const OUTCOME_ATTR = 'faasade.outcome';

/** `cloud.provider` values. */
export const CLOUD_PROVIDER = { aws: 'aws', azure: 'azure', gcp: 'gcp' } as const;

/** `cloud.platform` values for functions (semconv 1.45 spells Azure's with a dot). */
export const CLOUD_PLATFORM = {
  aws: 'aws_lambda',
  azure: 'azure.functions',
  gcp: 'gcp_cloud_functions',
} as const;

/** The FaaS metric names and units of the semantic conventions. */
export const FAAS_METRIC = {
  invocations: { name: 'faas.invocations', unit: '{invocation}' },
  errors: { name: 'faas.errors', unit: '{error}' },
  timeouts: { name: 'faas.timeouts', unit: '{timeout}' },
  coldstarts: { name: 'faas.coldstarts', unit: '{coldstart}' },
  invokeDuration: { name: 'faas.invoke_duration', unit: 's' },
  initDuration: { name: 'faas.init_duration', unit: 's' },
} as const;

/**
 * Bucket boundaries of the duration histograms, in seconds. `1` is a boundary so that the
 * share of invocations under one second (a latency SLO) is read straight off `le="1"`; the
 * tail reaches Lambda's 15-minute maximum.
 */
export const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

/** The HTTP methods semconv knows; any other is reported as `_OTHER`. */
export const KNOWN_HTTP_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);
