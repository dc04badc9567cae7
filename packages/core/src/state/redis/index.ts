export { RedisStateStore, type RedisStateStoreOptions } from './redis-state-store';
