export * from './service-config';
export * from './service-infrastructure';
export * from './problem-details.filter';
export * from './zod-body.pipe';
export * from './infrastructure-lifecycle';
export * from './ensure-database';
export * from './work-queue';
