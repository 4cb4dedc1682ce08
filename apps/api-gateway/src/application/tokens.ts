// What the gateway's module injects by token (ports have no runtime class to inject by).
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const READ_SIDE = Symbol('READ_SIDE');
export const ORDER_COMMANDS = Symbol('ORDER_COMMANDS');
export const CATALOGUE_COMMANDS = Symbol('CATALOGUE_COMMANDS');
export const ORDER_PARTS = Symbol('ORDER_PARTS');
export const LIVE_CHANGES = Symbol('LIVE_CHANGES');
export const SERVICE_BREAKERS = Symbol('SERVICE_BREAKERS');
export const FAKE_PROVIDERS = Symbol('FAKE_PROVIDERS');
