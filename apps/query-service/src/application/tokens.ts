// Injection tokens for what the query use cases are given (ports, not classes).
export const ORDER_VIEW_READER = Symbol('ORDER_VIEW_READER');
export const QUERY_CONFIG = Symbol('QUERY_CONFIG');
export const QUERY_LOGGER = Symbol('QUERY_LOGGER');
export const CATALOGUE_READER = Symbol('CATALOGUE_READER');
/** How fresh the catalogue is (its projection's checkpoints). */
export const CATALOGUE_FRESHNESS = Symbol('CATALOGUE_FRESHNESS');
export const ORDER_CHANGE_FEED = Symbol('ORDER_CHANGE_FEED');
/** The process's one reader of the change feed for live subscribers. */
export const ORDER_CHANGE_BROADCAST = Symbol('ORDER_CHANGE_BROADCAST');
export const INVARIANT_INPUTS = Symbol('INVARIANT_INPUTS');
export const DEAD_LETTERS = Symbol('DEAD_LETTERS');
