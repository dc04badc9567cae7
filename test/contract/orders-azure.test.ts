import { startLocal } from '../../apps/orders-azure/src/local';
import { describeOrdersContract } from './orders-suite';

describeOrdersContract('azure', startLocal);
