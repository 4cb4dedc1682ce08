import { describeDeploymentsOf } from '@eventshop/testing';
import { paymentConfigFromEnv } from './config';

describeDeploymentsOf('payment-service', paymentConfigFromEnv);
