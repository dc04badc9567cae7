import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Pool } from 'pg';

/** The local PostgreSQL of this machine and CI (trust authentication). */
export const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The local Redis of this machine and CI. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A name no other run uses: schemas and key prefixes of concurrent runs never meet. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Reads and cleans what a run left in PostgreSQL under its own schema. */
export function scratchSchema(schema = uniqueName('orders_gcp')) {
  const pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
  return {
    schema,
    query: <T>(sql: string, values?: unknown[]) => pool.query(sql, values).then((r) => r.rows as T[]),
    drop: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    },
  };
}

/** Reads and cleans what a run left in Redis under its own key prefix. */
export function scratchRedis(prefix = `${uniqueName('orders-gcp')}:`) {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const keys = async () => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 100);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found.sort();
  };
  return {
    prefix,
    keys,
    drop: async () => {
      const left = await keys();
      if (left.length > 0) await redis.del(...left);
      await redis.quit();
    },
  };
}
