/** Injection tokens for values that are not classes. */
export const CONFIG = Symbol('GatewayConfig');
export const DATABASE = Symbol('Kysely<Database>');
export const ML_CLIENT = Symbol('ml-service gRPC client');
export const DB_CREATED = Symbol('database file was new');
