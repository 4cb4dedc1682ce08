export * from './saga-spec';
