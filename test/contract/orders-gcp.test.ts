import { startLocal } from '../../apps/orders-gcp/src/local';
import { describeOrdersContract } from './orders-suite';

describeOrdersContract('gcp', startLocal);
