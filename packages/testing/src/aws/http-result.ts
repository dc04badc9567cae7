import type { LambdaHttpResult } from '@faasade/aws-lambda';

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * What a client receives for a Lambda HTTP result, as API Gateway, a Function URL or an ALB
 * would send it: `headers` and `multiValueHeaders` merged, `cookies` as `Set-Cookie` headers,
 * a base64 body decoded.
 *
 * @example
 * ```ts
 * import { lambdaResultToResponse } from '@faasade/testing/aws';
 * const res = lambdaResultToResponse({ statusCode: 201, headers: { 'content-type': 'text/plain' }, body: 'made', isBase64Encoded: false });
 * await res.text(); // 'made'
 * ```
 */
export function lambdaResultToResponse(result: LambdaHttpResult): Response {
  const headers = new Headers();
  // API Gateway merges the two; for a name in both, multiValueHeaders wins.
  const multi = ('multiValueHeaders' in result && result.multiValueHeaders) || {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    if (!(name in multi)) headers.append(name, value);
  for (const [name, values] of Object.entries(multi)) for (const value of values) headers.append(name, value);
  if ('cookies' in result) for (const cookie of result.cookies ?? []) headers.append('set-cookie', cookie);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  return new Response(NULL_BODY.has(result.statusCode) ? null : body, { status: result.statusCode, headers });
}
