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
