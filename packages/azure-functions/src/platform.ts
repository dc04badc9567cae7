import type { PlatformInfo } from '@faasade/core';

/**
 * What the App Service environment says about where a function runs: `REGION_NAME`, the
 * instance (`WEBSITE_INSTANCE_ID`) and, when the subscription, resource group and site are all
 * known, the function's Azure resource id (`cloud.resource_id`).
 */
export function azurePlatform(functionName: string, env: NodeJS.ProcessEnv = process.env): PlatformInfo {
  const info: PlatformInfo = {};
  if (env.REGION_NAME) info.region = env.REGION_NAME;
  if (env.WEBSITE_INSTANCE_ID) info.instance = env.WEBSITE_INSTANCE_ID;
  // WEBSITE_OWNER_NAME is `<subscription id>+<resource group>-<region>webspace`; only the id is reliable.
  const subscription = env.WEBSITE_OWNER_NAME?.split('+')[0];
  const group = env.WEBSITE_RESOURCE_GROUP;
  const site = env.WEBSITE_SITE_NAME;
  if (subscription && group && site) {
    info.resourceId = `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Web/sites/${site}/functions/${functionName}`;
  }
  return info;
}
