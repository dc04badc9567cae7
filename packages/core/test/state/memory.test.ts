import { memoryStore } from '../support/memory';
import { describeStateStore } from './describe-state-store';

describeStateStore(memoryStore);
