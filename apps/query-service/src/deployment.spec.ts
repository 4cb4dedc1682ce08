import { describeDeploymentsOf } from '@eventshop/testing';
import { queryConfigFromEnv } from './config';

describeDeploymentsOf('query-service', queryConfigFromEnv);
