/** Gives OAuth access tokens for Google APIs. */
export interface AccessTokenSource {
  /** A token valid for a while yet; cached between calls. */
  token(signal?: AbortSignal): Promise<string>;
  /** Forgets the cached token (the API answered 401), so the next call fetches a new one. */
  invalidate(): void;
}

/** The metadata server did not give what was asked (not on Google Cloud, or no service account). */
export class MetadataServerError extends Error {
  override readonly name = 'MetadataServerError';
  readonly status: number | undefined;
  constructor(what: string, status: number | undefined, cause?: unknown) {
    super(
      `The metadata server did not give the ${what}${status === undefined ? '' : ` (HTTP ${status})`}; ` +
        'outside Google Cloud set GOOGLE_CLOUD_PROJECT and PUBSUB_EMULATOR_HOST',
      { cause },
    );
    this.status = status;
  }
}

export interface MetadataOptions {
  /** `host[:port]` of the metadata server (`GCE_METADATA_HOST`). Default `metadata.google.internal`. */
  host?: string;
  fetch?: typeof fetch;
  /** Epoch ms now; inject one in tests. */
  now?: () => number;
  /** A token is refreshed this long before it expires. Default 60 s. */
  refreshMarginMs?: number;
  /** Per request. Default 3 s: the metadata server is local to the instance. */
  timeoutMs?: number;
}

interface TokenResponse {
  access_token?: string;
  expires_in?: number;
}

/**
 * Access tokens of the function's service account, from the metadata server every Google Cloud
 * runtime has (`/computeMetadata/v1/instance/service-accounts/default/token` with
 * `Metadata-Flavor: Google`). A token is cached until shortly before it expires, and concurrent
 * callers share one request.
 *
 * @example
 * ```ts
 * import { MetadataTokenSource } from './metadata';
 * const tokens = new MetadataTokenSource();
 * const headers = { authorization: `Bearer ${await tokens.token()}` };
 * ```
 */
export class MetadataTokenSource implements AccessTokenSource {
  private readonly options: Required<Omit<MetadataOptions, 'fetch'>> & { fetch: typeof fetch };
  private cached: { token: string; refreshAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(options: MetadataOptions = {}) {
    this.options = {
      host: options.host ?? 'metadata.google.internal',
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      now: options.now ?? Date.now,
      refreshMarginMs: options.refreshMarginMs ?? 60_000,
      timeoutMs: options.timeoutMs ?? 3_000,
    };
  }

  token(signal?: AbortSignal): Promise<string> {
    if (this.cached && this.options.now() < this.cached.refreshAt) return Promise.resolve(this.cached.token);
    this.pending ??= this.fetchToken(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    const res = await metadataGet(
      this.options,
      'instance/service-accounts/default/token',
      'access token',
      signal,
    );
    const body = (await res.json().catch(() => ({}))) as TokenResponse;
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new MetadataServerError('access token', res.status);
    }
    const refreshAt = this.options.now() + body.expires_in * 1000 - this.options.refreshMarginMs;
    this.cached = { token: body.access_token, refreshAt };
    return body.access_token;
  }
}

/**
 * The project the function runs in, from the metadata server (`/computeMetadata/v1/project/project-id`).
 *
 * @example
 * ```ts
 * import { metadataProjectId } from './metadata';
 * const project = process.env.GOOGLE_CLOUD_PROJECT ?? (await metadataProjectId());
 * ```
 */
export async function metadataProjectId(options: MetadataOptions = {}): Promise<string> {
  const resolved = {
    host: options.host ?? 'metadata.google.internal',
    fetch: options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 3_000,
  };
  const res = await metadataGet(resolved, 'project/project-id', 'project id');
  const project = (await res.text()).trim();
  if (project === '') throw new MetadataServerError('project id', res.status);
  return project;
}

async function metadataGet(
  options: { host: string; fetch: typeof fetch; timeoutMs: number },
  path: string,
  what: string,
  signal?: AbortSignal,
): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let res: Response;
  try {
    res = await options.fetch(`http://${options.host}/computeMetadata/v1/${path}`, {
      headers: { 'Metadata-Flavor': 'Google' },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    throw new MetadataServerError(what, undefined, error);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new MetadataServerError(what, res.status);
  }
  return res;
}
