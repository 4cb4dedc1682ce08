import { describeDeploymentsOf } from '@eventshop/testing';
import { gatewayConfigFromEnv } from './config';

describeDeploymentsOf('api-gateway', gatewayConfigFromEnv);
