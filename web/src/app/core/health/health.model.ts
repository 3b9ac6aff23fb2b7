import { type ApiSchema } from '../../shared/api-schema';

export type HealthStatus = ApiSchema<'HealthDto'>['status'];

/** One backing service of the gateway, as `GET /api/health` reports it. */
export type DependencyHealth = Omit<ApiSchema<'DependencyHealthDto'>, 'name'> & {
  /** `sqlite`, `s3` or `ml-service`; kept as a string so a new dependency still shows up. */
  name: string;
};

/** Body of `GET /api/health`; the gateway sends it with 200 when all is up, 503 otherwise. */
export type HealthReport = Omit<ApiSchema<'HealthDto'>, 'dependencies'> & {
  dependencies: DependencyHealth[];
};

/** What the UI knows about the platform's health right now. */
export type HealthState =
  | { kind: 'checking' }
  | { kind: 'reported'; report: HealthReport; checkedAt: Date }
  | { kind: 'unreachable'; reason: string; checkedAt: Date };

function isStatus(value: unknown): value is HealthStatus {
  return value === 'up' || value === 'down';
}

function mapDependency(value: unknown): DependencyHealth | null {
  if (typeof value !== 'object' || value === null) return null;
  const dep = value as Record<string, unknown>;
  if (typeof dep['name'] !== 'string' || !isStatus(dep['status'])) return null;
  return {
    name: dep['name'],
    status: dep['status'],
    latencyMs: typeof dep['latencyMs'] === 'number' ? dep['latencyMs'] : 0,
    detail: typeof dep['detail'] === 'string' ? dep['detail'] : '',
  };
}

/**
 * Checks an untrusted response body and returns it as a report, or null when it is not one
 * (e.g. an HTML page or a proxy error served where the gateway should answer).
 */
export function mapHealthReport(body: unknown): HealthReport | null {
  if (typeof body !== 'object' || body === null) return null;
  const raw = body as Record<string, unknown>;
  if (!isStatus(raw['status'])) return null;
  // Only admins get each dependency; everyone else a bare `{status}` (issue 11).
  if (raw['dependencies'] === undefined) return { status: raw['status'], dependencies: [] };
  if (!Array.isArray(raw['dependencies'])) return null;
  const dependencies = raw['dependencies'].map(mapDependency);
  if (dependencies.some((d) => d === null)) return null;
  return { status: raw['status'], dependencies: dependencies as DependencyHealth[] };
}
