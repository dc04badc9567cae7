export type { PutOptions, PutResult, StateStore, StoredRecord } from './types';
export { InMemoryStateStore, type InMemoryStateStoreOptions } from './memory';
export { PeerDependencyMissingError, StateValueTooLargeError } from './errors';
