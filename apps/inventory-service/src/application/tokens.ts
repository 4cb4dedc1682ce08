// Injection tokens for values (not classes) the application layer needs.
export const INVENTORY_TOPICS = Symbol('INVENTORY_TOPICS');
