import { Redis } from 'ioredis';
import { RedisStateStore } from '@faasade/core/state/redis';
import { uniqueSuffix } from '../support/harness';
import { deleteKeysWithPrefix, REDIS_URL, redisStore } from '../support/redis';
import { describeStateStore } from './describe-state-store';

jest.setTimeout(30_000);

describeStateStore(redisStore);

describe('RedisStateStore', () => {
  const keyPrefix = `faasade-test:${uniqueSuffix()}:`;
  const redis = new Redis(REDIS_URL);

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, keyPrefix);
    await redis.quit();
  });

  it('works on a client you pass in, and leaves it open when closed', async () => {
    const store = new RedisStateStore({ client: redis, keyPrefix });
    await store.put('mine', { ok: true });
    await store.close();
    expect(await redis.ping()).toBe('PONG');
    expect((await store.get('mine'))?.value).toEqual({ ok: true });
  });

  it('keeps every key under its prefix and lets Redis expire it with PEXPIRE', async () => {
    const store = new RedisStateStore({ client: redis, keyPrefix });
    await store.put('leased', 'x', { ttlMs: 60_000 });
    const ttl = await redis.pttl(`${keyPrefix}leased`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('asks for a client or a connection when given neither', () => {
    expect(() => new RedisStateStore({})).toThrow(/client.*connection/);
  });
});
