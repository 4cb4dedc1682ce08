import { describeDeploymentsOf } from '@eventshop/testing';
import { orderConfigFromEnv } from './config';

describeDeploymentsOf('order-service', orderConfigFromEnv);
