import { Pool } from 'pg';
import { MemoryOrderStore } from '../src/store/memory';
import { PostgresOrderStore } from '../src/store/postgres';
import { describeOrderStore } from './store-suite';

describeOrderStore('in-memory', async () => new MemoryOrderStore());

const schema = `orders_test_${process.pid}_${Date.now().toString(36)}`;
describeOrderStore(
  'PostgreSQL',
  async () => {
    const store = new PostgresOrderStore(
      new Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 20 }),
      { schema },
    );
    await store.migrate();
    return store;
  },
  async (store) => {
    const pool = (store as unknown as { pool: Pool }).pool;
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store.close?.();
  },
);

describe('the PostgreSQL store of this run', () => {
  it('keeps its tables in its own schema, so parallel runs never share rows', async () => {
    const pool = new Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 2 });
    const own = `${schema}_own`;
    const store = new PostgresOrderStore(pool, { schema: own });
    try {
      await store.migrate();
      const { rows } = await pool.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [own],
      );
      expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['inventory', 'orders']));
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS ${own} CASCADE`);
      await store.close?.();
    }
  });
});
