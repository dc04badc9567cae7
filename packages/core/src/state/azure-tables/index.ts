export { AzureTableStateStore, type AzureTableStateStoreOptions } from './azure-table-state-store';
