import { defineApp, HttpError, http, json, provide, token } from '@faasade/core';
import { z } from 'zod';

/** Stock per SKU, kept in memory: one instance's view, enough for a local demo. */
export class Inventory {
  private readonly stock = new Map<string, number>([
    ['apple', 10],
    ['pear', 3],
  ]);

  get(sku: string): number | undefined {
    return this.stock.get(sku);
  }

  set(sku: string, quantity: number): void {
    this.stock.set(sku, quantity);
  }

  /** Takes `quantity` units, never going below zero. */
  take(sku: string, quantity: number): number {
    const have = this.stock.get(sku);
    if (have === undefined) throw new HttpError(404, 'SKU_NOT_FOUND', `Unknown SKU ${sku}`);
    if (have < quantity) throw new HttpError(409, 'OUT_OF_STOCK', `Only ${have} of ${sku} left`);
    this.stock.set(sku, have - quantity);
    return have - quantity;
  }
}

export const InventoryToken = token<Inventory>('Inventory');

const Restock = z.object({ quantity: z.number().int().min(0) });
const Take = z.object({ sku: z.string().min(1), quantity: z.number().int().positive() });

export const app = defineApp({
  service: 'inventory',
  services: [provide(InventoryToken, () => new Inventory())],
  functions: {
    getStock: http({ method: 'GET', route: '/inventory/:sku' }, (_req, ctx) => {
      const quantity = ctx.get(InventoryToken).get(ctx.params.sku);
      if (quantity === undefined) throw new HttpError(404, 'SKU_NOT_FOUND', `Unknown SKU ${ctx.params.sku}`);
      return { sku: ctx.params.sku, quantity };
    }),
    restock: http({ method: 'PUT', route: '/inventory/:sku' }, async (_req, ctx) => {
      const { quantity } = await ctx.body(Restock);
      ctx.get(InventoryToken).set(ctx.params.sku, quantity);
      ctx.log.info('restocked', { sku: ctx.params.sku, quantity });
      return { sku: ctx.params.sku, quantity };
    }),
    take: http({ method: 'POST', route: '/take' }, async (_req, ctx) => {
      const { sku, quantity } = await ctx.body(Take);
      const left = ctx.get(InventoryToken).take(sku, quantity);
      ctx.log.info('taken', { sku, quantity, left });
      return json({ sku, left }, { status: 201 });
    }),
  },
});
