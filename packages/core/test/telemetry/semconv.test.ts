import * as semconv from '@opentelemetry/semantic-conventions/incubating';
import { ATTR, CLOUD_PLATFORM, CLOUD_PROVIDER, FAAS_METRIC } from '../../src/telemetry/semconv';

describe('the semantic-convention names faasade spells out by hand', () => {
  it('match @opentelemetry/semantic-conventions for every attribute', () => {
    const expected: Record<keyof typeof ATTR, string> = {
      serviceName: semconv.ATTR_SERVICE_NAME,
      cloudProvider: semconv.ATTR_CLOUD_PROVIDER,
      cloudPlatform: semconv.ATTR_CLOUD_PLATFORM,
      cloudRegion: semconv.ATTR_CLOUD_REGION,
      cloudResourceId: semconv.ATTR_CLOUD_RESOURCE_ID,
      cloudAccountId: semconv.ATTR_CLOUD_ACCOUNT_ID,
      faasTrigger: semconv.ATTR_FAAS_TRIGGER,
      faasInvocationId: semconv.ATTR_FAAS_INVOCATION_ID,
      faasInvocationIdLegacy: 'faas.invocation_id',
      faasColdstart: semconv.ATTR_FAAS_COLDSTART,
      faasName: semconv.ATTR_FAAS_NAME,
      faasVersion: semconv.ATTR_FAAS_VERSION,
      faasMaxMemory: semconv.ATTR_FAAS_MAX_MEMORY,
      faasInstance: semconv.ATTR_FAAS_INSTANCE,
      httpRequestMethod: semconv.ATTR_HTTP_REQUEST_METHOD,
      httpRequestMethodOriginal: semconv.ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
      httpRoute: semconv.ATTR_HTTP_ROUTE,
      httpResponseStatusCode: semconv.ATTR_HTTP_RESPONSE_STATUS_CODE,
      urlPath: semconv.ATTR_URL_PATH,
      urlQuery: semconv.ATTR_URL_QUERY,
      urlScheme: semconv.ATTR_URL_SCHEME,
      urlFull: semconv.ATTR_URL_FULL,
      serverAddress: semconv.ATTR_SERVER_ADDRESS,
      serverPort: semconv.ATTR_SERVER_PORT,
      userAgentOriginal: semconv.ATTR_USER_AGENT_ORIGINAL,
      clientAddress: semconv.ATTR_CLIENT_ADDRESS,
      errorType: semconv.ATTR_ERROR_TYPE,
      messagingSystem: semconv.ATTR_MESSAGING_SYSTEM,
      messagingDestinationName: semconv.ATTR_MESSAGING_DESTINATION_NAME,
      messagingMessageId: semconv.ATTR_MESSAGING_MESSAGE_ID,
      messagingOperationType: semconv.ATTR_MESSAGING_OPERATION_TYPE,
      messagingOperationName: semconv.ATTR_MESSAGING_OPERATION_NAME,
      servicebusDeliveryCount: semconv.ATTR_AZURE_SERVICEBUS_MESSAGE_DELIVERY_COUNT,
      pubsubDeliveryAttempt: semconv.ATTR_GCP_PUBSUB_MESSAGE_DELIVERY_ATTEMPT,
    };
    expect(ATTR).toEqual(expected);
  });

  it('match the cloud.provider and cloud.platform values', () => {
    expect(CLOUD_PROVIDER).toEqual({
      aws: semconv.CLOUD_PROVIDER_VALUE_AWS,
      azure: semconv.CLOUD_PROVIDER_VALUE_AZURE,
      gcp: semconv.CLOUD_PROVIDER_VALUE_GCP,
    });
    expect(CLOUD_PLATFORM).toEqual({
      aws: semconv.CLOUD_PLATFORM_VALUE_AWS_LAMBDA,
      azure: semconv.CLOUD_PLATFORM_VALUE_AZURE_FUNCTIONS,
      gcp: semconv.CLOUD_PLATFORM_VALUE_GCP_CLOUD_FUNCTIONS,
    });
  });

  it('match the FaaS metric names', () => {
    expect(Object.values(FAAS_METRIC).map((m) => m.name)).toEqual([
      semconv.METRIC_FAAS_INVOCATIONS,
      semconv.METRIC_FAAS_ERRORS,
      semconv.METRIC_FAAS_TIMEOUTS,
      semconv.METRIC_FAAS_COLDSTARTS,
      semconv.METRIC_FAAS_INVOKE_DURATION,
      semconv.METRIC_FAAS_INIT_DURATION,
    ]);
  });
});
