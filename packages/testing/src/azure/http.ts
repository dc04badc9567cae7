import { HttpRequest } from '@azure/functions';

/**
 * A real `@azure/functions` `HttpRequest` carrying a Web `Request`: its method, URL, headers and
 * body, plus the route parameters the host would have extracted from the function's route.
 * Headers sent more than once arrive joined with `, `, as the host delivers them.
 *
 * @example
 * ```ts
 * import { azureHttpRequest } from '@faasade/testing/azure';
 * const req = await azureHttpRequest(new Request('https://app.azurewebsites.net/api/orders/42'), { params: { id: '42' } });
 * req.params.id; // '42'
 * ```
 */
export async function azureHttpRequest(
  request: Request,
  options: { params?: Record<string, string> } = {},
): Promise<HttpRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  });
  const bytes = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
  return new HttpRequest({
    method: request.method,
    url: request.url,
    headers,
    body: bytes === undefined ? undefined : { bytes },
    params: options.params ?? {},
  });
}
