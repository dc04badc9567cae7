export { type CreateStateTableOptions, createStateTable } from './create-table';
export { DynamoDbStateStore, type DynamoDbStateStoreOptions } from './dynamodb-state-store';
