import { randomUUID } from 'node:crypto';
import type { LambdaContext } from '@faasade/aws-lambda';

export interface LambdaContextOptions {
  /** Milliseconds the invocation has from now (the function's timeout; default 3000, Lambda's default). */
  timeoutMs?: number;
  functionName?: string;
  /** The version that runs (default `$LATEST`). */
  version?: string;
  /** The alias the function was invoked through, which ends the invoked ARN. */
  alias?: string;
  memoryMb?: number;
  region?: string;
  accountId?: string;
  requestId?: string;
}

/**
 * A Lambda context as the Node.js runtime passes it, with `getRemainingTimeInMillis()` counting
 * down from `timeoutMs`.
 *
 * @example
 * ```ts
 * import { lambdaContext } from '@faasade/testing/aws';
 * const context = lambdaContext({ timeoutMs: 500, functionName: 'orders-getOrder' });
 * context.getRemainingTimeInMillis(); // about 500
 * ```
 */
export function lambdaContext(options: LambdaContextOptions = {}): LambdaContext & Record<string, unknown> {
  const deadline = Date.now() + (options.timeoutMs ?? 3000);
  const name = options.functionName ?? 'faasade-function';
  const region = options.region ?? 'us-east-1';
  const arn = `arn:aws:lambda:${region}:${options.accountId ?? '123456789012'}:function:${name}`;
  const version = options.version ?? '$LATEST';
  return {
    awsRequestId: options.requestId ?? randomUUID(),
    functionName: name,
    functionVersion: version,
    invokedFunctionArn: options.alias ? `${arn}:${options.alias}` : arn,
    memoryLimitInMB: String(options.memoryMb ?? 128),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[${version}]${randomUUID().replaceAll('-', '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
