/**
 * The shapes Lambda hands to a Node.js handler, written for the fields this adapter reads (the
 * full shapes are in `@types/aws-lambda`, whose events are assignable to these).
 */

/** The Lambda context object (second handler argument). */
export interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  /** `arn:aws:lambda:<region>:<account>:function:<name>[:<alias or version>]` */
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logStreamName: string;
  getRemainingTimeInMillis(): number;
}

type Params = Record<string, string | undefined>;
type MultiParams = Record<string, string[] | undefined>;

/** API Gateway REST API, and HTTP API with payload format 1.0 (`version: '1.0'`). */
export interface ApiGatewayV1Event {
  version?: string;
  httpMethod: string;
  /** REST: the resource path without the stage. HTTP API 1.0: the raw path, stage included. */
  path: string;
  headers: Params | null;
  multiValueHeaders: MultiParams | null;
  /** URL-decoded by API Gateway. */
  queryStringParameters: Params | null;
  multiValueQueryStringParameters: MultiParams | null;
  pathParameters: Params | null;
  body: string | null;
  isBase64Encoded: boolean;
  requestContext: {
    stage: string;
    domainName?: string;
    identity: { sourceIp: string };
  };
}

/** API Gateway HTTP API with payload format 2.0, and Lambda Function URLs (the same shape). */
export interface ApiGatewayV2Event {
  /** `2.0` */
  version: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  /** Lowercase names; repeated headers joined with commas. */
  headers: Params;
  pathParameters?: Params;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: {
    domainName: string;
    stage: string;
    http: { method: string; sourceIp: string };
  };
}

/** Application Load Balancer; `multiValueHeaders` and the multi-value query are set in multi-value mode. */
export interface AlbEvent {
  requestContext: { elb: { targetGroupArn: string } };
  httpMethod: string;
  path: string;
  /** Not URL-decoded by the load balancer. */
  queryStringParameters?: Params;
  multiValueQueryStringParameters?: MultiParams;
  headers?: Params;
  multiValueHeaders?: MultiParams;
  body: string | null;
  isBase64Encoded: boolean;
}

/** Every HTTP event shape the adapter accepts. */
export type LambdaHttpEvent = ApiGatewayV1Event | ApiGatewayV2Event | AlbEvent;

/** The result for an HTTP API 2.0 or Function URL invocation. */
export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** The result for an API Gateway REST or HTTP API 1.0 invocation. */
export interface ApiGatewayV1Result {
  statusCode: number;
  headers: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** The result for an ALB invocation: `headers` in single-value mode, `multiValueHeaders` in multi-value mode. */
export interface AlbResult {
  statusCode: number;
  statusDescription: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

export type LambdaHttpResult = ApiGatewayV2Result | ApiGatewayV1Result | AlbResult;

export interface SqsMessageAttribute {
  dataType: string;
  stringValue?: string;
  binaryValue?: string;
}

export interface SqsRecord {
  messageId: string;
  body: string;
  attributes: {
    ApproximateReceiveCount: string;
    SentTimestamp: string;
    AWSTraceHeader?: string;
    MessageGroupId?: string;
    MessageDeduplicationId?: string;
  };
  messageAttributes: Record<string, SqsMessageAttribute>;
  /** `aws:sqs` */
  eventSource: string;
  /** `arn:aws:sqs:<region>:<account>:<queue>`; FIFO queues end in `.fifo`. */
  eventSourceARN: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** The partial batch response (the event source mapping needs `ReportBatchItemFailures`). */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** An EventBridge event (rule target, or EventBridge Scheduler with the default payload). */
export interface EventBridgeEvent<D = unknown> {
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  resources: string[];
  detail: D;
  account?: string;
  region?: string;
}
