import { z } from 'zod';

/** The body of `POST /orders`. */
export const NewOrder = z.object({
  customer: z.string().trim().min(1).max(100),
  items: z
    .array(
      z.object({
        sku: z.string().trim().min(1).max(64),
        quantity: z.number().int().min(1).max(1000),
      }),
    )
    .min(1)
    .max(50),
});

/** The body of `PUT /inventory/:sku`. */
export const Restock = z.object({
  available: z.number().int().min(0).max(1_000_000),
  priceCents: z.number().int().min(0).optional(),
});

/** The message of the `orders` queue. */
export const OrderCreatedMessage = z.object({
  type: z.literal('order.created'),
  orderId: z.string().min(1),
});
