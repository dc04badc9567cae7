import { createHash } from 'node:crypto';
import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { decodeValue, encodeValue } from '../codec';
import { PeerDependencyMissingError } from '../errors';
import { expiresAtFor } from '../ttl';
import type { PutOptions, PutResult, StateStore, StoredRecord } from '../types';
import { uniqueToken } from '../version';
import { DELETE_IF_VERSION_SCRIPT, PUT_SCRIPT } from './scripts';

/** Options of a {@link RedisStateStore}: give it a client, or let it connect. */
export interface RedisStateStoreOptions {
  /** An ioredis client (`Redis` or `Cluster`) you created. The store never closes it. */
  client?: Redis | Cluster;
  /**
   * A `redis://` URL or ioredis options, used when no `client` is given. The store opens this
   * connection itself, on first use, and `close()` closes it.
   */
  connection?: string | RedisOptions;
  /** Put before every key, so that several apps can share one Redis. Default `faasade:state:`. */
  keyPrefix?: string;
}

type RedisClient = Redis | Cluster;

/**
 * A {@link StateStore} in Redis (ElastiCache, Azure Cache for Redis, Memorystore), shared by all
 * instances of a function. Each conditional write is one Lua script, so it is atomic on the
 * server; TTLs are Redis's own (`PEXPIRE`), so expired records vanish without a sweep.
 *
 * `ioredis` is an optional peer dependency: install it, or pass a client.
 *
 * @example
 * ```ts
 * import { RedisStateStore } from '@faasade/core/state/redis';
 *
 * const store = new RedisStateStore({ connection: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
 * const created = await store.put('breaker:payments', { state: 'CLOSED' }, { ifVersion: null, ttlMs: 60_000 });
 * console.log(created.ok, (await store.get('breaker:payments'))?.value);
 * await store.close();
 * ```
 */
export class RedisStateStore implements StateStore {
  private client: RedisClient | undefined;
  private readonly ownsClient: boolean;
  private readonly connection: string | RedisOptions | undefined;
  private readonly prefix: string;

  constructor(options: RedisStateStoreOptions) {
    if (options.client === undefined && options.connection === undefined) {
      throw new TypeError(
        'RedisStateStore needs a `client` (an ioredis instance) or a `connection` (URL or options).',
      );
    }
    this.client = options.client;
    this.ownsClient = options.client === undefined;
    this.connection = options.connection;
    this.prefix = options.keyPrefix ?? 'faasade:state:';
  }

  async get<T = unknown>(key: string): Promise<StoredRecord<T> | undefined> {
    const [value, version, expiresAt] = await this.redis().hmget(this.prefix + key, 'v', 'ver', 'exp');
    if (value === null || version === null) return undefined;
    return toRecord<T>(value, version, expiresAt);
  }

  async put<T = unknown>(key: string, value: T, options: PutOptions = {}): Promise<PutResult<T>> {
    const json = encodeValue(key, value);
    const expiresAt = expiresAtFor(options.ttlMs);
    const mode = options.ifVersion === undefined ? 'any' : options.ifVersion === null ? 'absent' : 'match';
    const reply = (await this.evalScript(PUT_SCRIPT, this.prefix + key, [
      mode,
      options.ifVersion ?? '',
      json,
      options.ttlMs === undefined ? '' : String(Math.ceil(options.ttlMs)),
      expiresAt === undefined ? '' : String(expiresAt),
      uniqueToken(),
    ])) as [number, string?, string?, string?];
    if (reply[0] === 1) return { ok: true, version: reply[1]! };
    if (reply.length === 1) return { ok: false, current: undefined };
    return { ok: false, current: toRecord<T>(reply[1]!, reply[2]!, reply[3]!) };
  }

  async delete(key: string, options: { ifVersion?: string } = {}): Promise<boolean> {
    if (options.ifVersion === undefined) return (await this.redis().del(this.prefix + key)) === 1;
    return (await this.evalScript(DELETE_IF_VERSION_SCRIPT, this.prefix + key, [options.ifVersion])) === 1;
  }

  /** Closes the connection if the store opened it; a client you passed in stays open. */
  async close(): Promise<void> {
    if (this.ownsClient && this.client !== undefined) {
      const client = this.client;
      this.client = undefined;
      await client.quit();
    }
  }

  private redis(): RedisClient {
    this.client ??= connect(this.connection!);
    return this.client;
  }

  /** EVALSHA, falling back to EVAL the first time a server has not seen the script. */
  private async evalScript(script: string, key: string, args: string[]): Promise<unknown> {
    const redis = this.redis();
    try {
      return await redis.evalsha(sha1(script), 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(script, 1, key, ...args);
    }
  }
}

function toRecord<T>(value: string, version: string, expiresAt: string | null): StoredRecord<T> {
  const record: StoredRecord<T> = { value: decodeValue<T>(value), version };
  if (expiresAt !== null && expiresAt !== '') record.expiresAt = Number(expiresAt);
  return record;
}

const sha1s = new Map<string, string>();
function sha1(script: string): string {
  let digest = sha1s.get(script);
  if (digest === undefined) {
    digest = createHash('sha1').update(script).digest('hex');
    sha1s.set(script, digest);
  }
  return digest;
}

/** Loads ioredis only here, so an app that never uses Redis never needs it installed. */
function connect(connection: string | RedisOptions): Redis {
  let ioredis: typeof import('ioredis');
  try {
    ioredis = require('ioredis') as typeof import('ioredis');
  } catch (error) {
    throw new PeerDependencyMissingError('RedisStateStore', 'ioredis', error);
  }
  return typeof connection === 'string' ? new ioredis.Redis(connection) : new ioredis.Redis(connection);
}
