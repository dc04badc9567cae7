import type { OrderStore } from '../src/domain/types';

/** The behaviour every OrderStore must have, whatever database is behind it. */
export function describeOrderStore(
  name: string,
  make: () => Promise<OrderStore>,
  drop?: (s: OrderStore) => Promise<void>,
) {
  describe(`${name} order store`, () => {
    let store: OrderStore;
    let n = 0;
    const sku = (s: string) => `${s}-${process.pid}-${Date.now().toString(36)}-${n++}`;
    const place = (
      id: string,
      items: { sku: string; quantity: number }[],
      createdAt = new Date().toISOString(),
    ) =>
      store.placeOrder({
        id: `${id}-${n++}-${Math.random().toString(36).slice(2)}`,
        customer: 'c-1',
        items,
        createdAt,
      });

    beforeAll(async () => {
      store = await make();
    });
    afterAll(async () => {
      if (drop) await drop(store);
      else await store.close?.();
    });

    it('reserves stock and saves the order as PENDING with its amount', async () => {
      const apple = sku('apple');
      await store.restock(apple, 5, 30);
      const r = await place('o', [{ sku: apple, quantity: 2 }]);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.order).toMatchObject({
        status: 'PENDING',
        amountCents: 60,
        items: [{ sku: apple, quantity: 2 }],
      });
      expect((await store.getStock(apple))?.available).toBe(3);
      expect(await store.getOrder(r.order.id)).toMatchObject({ id: r.order.id, status: 'PENDING' });
    });

    it('reserves nothing when one item of the order is short', async () => {
      const a = sku('a');
      const b = sku('b');
      await store.restock(a, 5);
      await store.restock(b, 1);
      const r = await place('o', [
        { sku: a, quantity: 2 },
        { sku: b, quantity: 2 },
      ]);
      expect(r).toEqual({ ok: false, reason: 'OUT_OF_STOCK', sku: b, available: 1 });
      expect((await store.getStock(a))?.available).toBe(5);
      expect((await store.getStock(b))?.available).toBe(1);
    });

    it('reserves the sum when one SKU is on several lines, and never oversells it', async () => {
      const s = sku('dup');
      await store.restock(s, 3);
      const r = await place('o', [
        { sku: s, quantity: 2 },
        { sku: s, quantity: 2 },
      ]);
      expect(r).toEqual({ ok: false, reason: 'OUT_OF_STOCK', sku: s, available: 3 });
      expect((await store.getStock(s))?.available).toBe(3);
    });

    it('drops paid and released orders from the PENDING list', async () => {
      const s = sku('settled');
      await store.restock(s, 5);
      const paid = await place('paid', [{ sku: s, quantity: 1 }], '2001-06-01T00:00:00.000Z');
      const released = await place('released', [{ sku: s, quantity: 1 }], '2001-06-02T00:00:00.000Z');
      if (!paid.ok || !released.ok) throw new Error('placement failed');
      await store.markPaid(paid.order.id, 'p-1');
      await store.release(released.order.id, 'FAILED', 'test');
      const ids = (await store.listPendingBefore(new Date('2002-01-01T00:00:00Z'), 1000)).map((o) => o.id);
      expect(ids).not.toContain(paid.order.id);
      expect(ids).not.toContain(released.order.id);
    });

    it('reports an unknown SKU', async () => {
      const ghost = sku('ghost');
      expect(await place('o', [{ sku: ghost, quantity: 1 }])).toEqual({
        ok: false,
        reason: 'UNKNOWN_SKU',
        sku: ghost,
      });
    });

    it('sells exactly the stock there is when 100 orders race for 10 units', async () => {
      const hot = sku('hot');
      await store.restock(hot, 10);
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => place(`race${i}`, [{ sku: hot, quantity: 1 }])),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      expect(results.filter((r) => !r.ok && r.reason === 'OUT_OF_STOCK')).toHaveLength(90);
      expect((await store.getStock(hot))?.available).toBe(0);
    });

    it('marks a PENDING order PAID once, and never a released one', async () => {
      const s = sku('pay');
      await store.restock(s, 3);
      const r = await place('o', [{ sku: s, quantity: 1 }]);
      if (!r.ok) throw new Error('placement failed');
      expect(await store.markPaid(r.order.id, 'pay-1')).toMatchObject({ status: 'PAID', paymentId: 'pay-1' });
      expect(await store.markPaid(r.order.id, 'pay-2')).toBeUndefined();
      expect(await store.release(r.order.id, 'FAILED', 'late')).toBeUndefined();
      expect((await store.getStock(s))?.available).toBe(2);
    });

    it('releases the stock of a rejected order exactly once, even when released twice at once', async () => {
      const s = sku('rel');
      await store.restock(s, 4);
      const r = await place('o', [{ sku: s, quantity: 3 }]);
      if (!r.ok) throw new Error('placement failed');
      const [a, b] = await Promise.all([
        store.release(r.order.id, 'REJECTED', 'card declined'),
        store.release(r.order.id, 'FAILED', 'payment outage'),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect((await store.getStock(s))?.available).toBe(4);
      expect((await store.getOrder(r.order.id))?.reason).toMatch(/card declined|payment outage/);
    });

    it('lists PENDING orders older than a cut-off, oldest first', async () => {
      const s = sku('stale');
      await store.restock(s, 10);
      const old1 = await place('old1', [{ sku: s, quantity: 1 }], '2001-01-01T00:00:00.000Z');
      const old2 = await place('old2', [{ sku: s, quantity: 1 }], '2000-01-01T00:00:00.000Z');
      await place('new', [{ sku: s, quantity: 1 }]);
      if (!old1.ok || !old2.ok) throw new Error('placement failed');
      const stale = await store.listPendingBefore(new Date('2002-01-01T00:00:00Z'), 100);
      const ids = stale.map((o) => o.id);
      expect(ids.indexOf(old2.order.id)).toBeLessThan(ids.indexOf(old1.order.id));
      expect(ids.indexOf(old2.order.id)).toBeGreaterThanOrEqual(0);
      expect(stale.every((o) => o.createdAt < '2002-01-01')).toBe(true);
    });

    it('restocks by setting the available units and keeps the price', async () => {
      const s = sku('re');
      await store.restock(s, 1, 250);
      expect(await store.restock(s, 7)).toEqual({ sku: s, available: 7, priceCents: 250 });
      expect(await store.getOrder('does-not-exist')).toBeUndefined();
    });
  });
}
