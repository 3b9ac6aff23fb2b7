import type { components, operations } from '../generated/api';

/**
 * A type of the gateway's REST API, generated from its OpenAPI document (`npm run gen` writes
 * generated/api.ts from gateway/openapi.json), so the web never retypes a DTO by hand.
 */
export type ApiSchema<K extends keyof components['schemas']> = components['schemas'][K];

/** The query parameters of one operation of the REST API (by its OpenAPI operationId). */
export type ApiQuery<K extends keyof operations> = NonNullable<
  operations[K]['parameters']['query']
>;
