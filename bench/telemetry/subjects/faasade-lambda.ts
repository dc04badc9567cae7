// The cold-start subject as a user writes it: the packages' public entry points, bundled the way
// a user's esbuild bundles them (the `module` condition: the packages' ES module builds, which
// esbuild tree-shakes), the function served by the AWS adapter. No telemetry.
import { toLambda } from '@faasade/aws-lambda';
import { app } from './lambda-app';

export const handler = toLambda(app).getOrder;
