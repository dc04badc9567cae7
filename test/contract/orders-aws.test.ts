import { startLocal } from '../../apps/orders-aws/src/local';
import { describeOrdersContract } from './orders-suite';

describeOrdersContract('aws', startLocal);
