// The cold-start subject as a user writes it: the packages' public entry points, bundled the way
// a user's esbuild bundles them (the `module` condition: the packages' ES module builds, which
// esbuild tree-shakes), the function served by the AWS adapter. No telemetry.
import { toLambda } from '@faasade/aws-lambda';
import { defineApp, http } from '@faasade/core';

const app = defineApp({
  service: 'orders',
  functions: {
    getOrder: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => {
      ctx.metrics.counter('orders.read', { unit: '{order}' }).record(1);
      return { id: ctx.params.id };
    }),
  },
});

export const handler = toLambda(app).getOrder;
