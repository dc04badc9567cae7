import type { PlatformInfo } from '@faasade/core';
import type { GcpFunctionsOptions } from './options';

/** What the adapter learns about the platform once, at registration. */
export interface GcpPlatform {
  info: PlatformInfo;
  projectId: string | undefined;
  /** The function timeout in ms, when the platform or the options say. */
  timeoutMs: number | undefined;
}

/**
 * Reads the platform facts Cloud Functions (1st gen) and Cloud Run functions put in the
 * environment: `K_SERVICE`, `K_REVISION`, the project, the region and the timeout where set.
 */
export function readPlatform(options: GcpFunctionsOptions): GcpPlatform {
  const env = options.env ?? process.env;
  const projectId = options.projectId ?? env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT ?? env.GCP_PROJECT;
  const region = options.region ?? env.FUNCTION_REGION;
  const service = env.K_SERVICE ?? env.FUNCTION_TARGET;
  const timeoutSeconds = Number(env.CLOUD_RUN_TIMEOUT_SECONDS ?? env.FUNCTION_TIMEOUT_SEC);
  const info: PlatformInfo = {};
  if (region) info.region = region;
  if (env.K_REVISION) info.version = env.K_REVISION;
  if (projectId) info.accountId = projectId;
  if (projectId && region && service) {
    info.resourceId = `//cloudfunctions.googleapis.com/projects/${projectId}/locations/${region}/functions/${service}`;
  }
  return {
    info,
    projectId,
    timeoutMs: options.timeoutMs ?? (timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined),
  };
}
