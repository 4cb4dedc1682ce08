import { describeDeploymentsOf } from '@eventshop/testing';
import { inventoryConfigFromEnv } from './config';

describeDeploymentsOf('inventory-service', inventoryConfigFromEnv);
