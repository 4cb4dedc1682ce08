import { describeDeploymentsOf } from '@eventshop/testing';
import { shippingConfigFromEnv } from './config';

describeDeploymentsOf('shipping-service', shippingConfigFromEnv);
