import type { NestExpressApplication } from '@nestjs/platform-express';

/** The kinds of resource a route's `:id` names; the suite fills it with a private one of researcher A. */
export type ResourceKind = 'dataset' | 'volume dataset' | 'model' | 'evaluation' | 'batch' | 'result';

/**
 * What a route demands. `role`: public (no sign-in), viewer (anyone signed in), researcher, admin.
 * `resource`: the route's `:id` is that kind of owned resource. `destroys`: the owner's and the
 * admin's call removes it, so each gets a fresh one. `body`: what to send (invalid bodies are fine:
 * 400/409/422 count as "past access control"; the point is who is let through).
 */
export interface AccessExpectation {
  role: 'public' | 'viewer' | 'researcher' | 'admin';
  resource?: ResourceKind;
  destroys?: boolean;
  body?: (ids: { dataset: string }) => unknown;
}

const viewer: AccessExpectation = { role: 'viewer' };
const researcher: AccessExpectation = { role: 'researcher' };
const admin: AccessExpectation = { role: 'admin' };
const publicRoute: AccessExpectation = { role: 'public' };
const sees = (resource: ResourceKind): AccessExpectation => ({ role: 'viewer', resource });
const changes = (resource: ResourceKind, body?: AccessExpectation['body']): AccessExpectation => ({ role: 'researcher', resource, body });
const destroys = (resource: ResourceKind, role: AccessExpectation['role'] = 'researcher'): AccessExpectation => ({ role, resource, destroys: true });

/**
 * Every route of the gateway, by `METHOD path` as Express registers it. A route missing here fails
 * the access suite, so a new route cannot skip it.
 */
export const ACCESS_EXPECTATIONS: Record<string, AccessExpectation> = {
  // Swagger UI and the OpenAPI document: public, like the app's own static files.
  'GET /api/docs': publicRoute,
  'GET /api/docs/': publicRoute,
  'GET /api/docs/index.html': publicRoute,
  'GET /api/docs/LICENSE': publicRoute,
  'GET /api/docs/swagger-ui-init.js': publicRoute,
  'GET /api/docs/docs/swagger-ui-init.js': publicRoute,
  'GET /api/docs/openapi.json': publicRoute,
  'GET /api/docs-yaml': publicRoute,
  'GET /api/health': publicRoute,
  'GET /api/system': viewer,
  // Prometheus scrapes with an admin's API token: queue depths and routes say how the server is used.
  'GET /metrics': admin,
  'GET /api/inference/palette': viewer,

  'POST /api/datasets': researcher,
  'POST /api/datasets/import': researcher,
  'GET /api/datasets': viewer,
  'GET /api/datasets/:id': sees('dataset'),
  'PUT /api/datasets/:id/visibility': changes('dataset', () => ({ visibility: 'private' })),
  'GET /api/datasets/:id/pairs': sees('dataset'),
  'GET /api/datasets/:id/pairs/:index/thumbnail': sees('dataset'),
  'GET /api/datasets/:id/pairs/:index/preview': sees('dataset'),
  'GET /api/datasets/:id/cases': sees('dataset'),
  'GET /api/datasets/:id/cases/:index/image.nii.gz': sees('volume dataset'),
  'GET /api/datasets/:id/cases/:index/mask.nii.gz': sees('volume dataset'),
  'GET /api/datasets/:id/versions': sees('dataset'),
  'GET /api/datasets/:id/auto-fine-tune': sees('dataset'),
  'PUT /api/datasets/:id/auto-fine-tune': changes('dataset', () => ({ enabled: false, modelId: '00000000-0000-4000-8000-000000000000', newMasks: 2 })),
  'GET /api/datasets/:id/versions/:n/archive.zip': sees('dataset'),
  'GET /api/datasets/:id/annotation-queue': sees('dataset'),
  'GET /api/datasets/:id/cases/:index/annotations': sees('volume dataset'),
  // Whoever sees a dataset may annotate it (shared: everyone), not only its owner.
  'POST /api/datasets/:id/cases/:index/annotations': { role: 'researcher', resource: 'volume dataset' },
  // Refused with 409 while a model is trained on it: the suite's dataset survives.
  'DELETE /api/datasets/:id': changes('dataset'),

  'POST /api/models': researcher,
  'GET /api/models/defaults': viewer,
  'GET /api/training/defaults': viewer,
  'GET /api/models': viewer,
  'GET /api/models/:id': sees('model'),
  'PUT /api/models/:id/visibility': changes('model', () => ({ visibility: 'private' })),
  'GET /api/models/:id/events': sees('model'),
  'POST /api/models/:id/cancel': changes('model'),
  'POST /api/models/:id/retry-upload': changes('model'),
  'DELETE /api/models/:id': destroys('model'),
  'GET /api/models/:id/export': sees('model'),
  'POST /api/models/:id/load': sees('model'),
  'POST /api/models/:id/segment': sees('model'),
  'POST /api/models/:id/segment-pair': { ...sees('model'), body: ({ dataset }) => ({ datasetId: dataset, pairIndex: 0 }) },
  'POST /api/models/:id/segment-volume': sees('model'),
  'POST /api/models/:id/segment-case': { ...sees('model'), body: ({ dataset }) => ({ datasetId: dataset, caseIndex: 0 }) },
  'POST /api/models/:id/sessions': { ...sees('model'), body: ({ dataset }) => ({ datasetId: dataset, caseIndex: 0 }) },
  // Sessions live in the ml-service, which checks their owner (403 for another user's).
  'POST /api/sessions/:id/prompts': { ...viewer, body: () => ({ prompts: [] }) },
  'DELETE /api/sessions/:id': viewer,
  'GET /api/models/:id/results': sees('model'),

  'GET /api/inference-results/:id': sees('result'),
  'DELETE /api/inference-results/:id': destroys('result', 'viewer'),
  'GET /api/inference-results/:id/mask': sees('result'),
  'GET /api/inference-results/:id/input': sees('result'),
  'GET /api/inference-results/:id/volume/image.nii.gz': sees('result'),
  'GET /api/inference-results/:id/volume/mask.nii.gz': sees('result'),
  'GET /api/inference-results/:id/volume/ground-truth.nii.gz': sees('result'),

  'POST /api/models/:id/evaluations': changes('model', () => ({})),
  // A version the dataset lacks: past access control (400), nothing queued.
  'GET /api/models/:id/gain': sees('model'),
  'POST /api/models/:id/gain': changes('model'),
  'POST /api/models/:id/fine-tune': { role: 'researcher', resource: 'model', body: () => ({ datasetVersion: 99 }) },
  'POST /api/evaluations/batch-compare': { role: 'researcher', body: ({ dataset }) => ({ modelIds: ['00000000-0000-4000-8000-000000000000'], datasetId: dataset }) },
  'GET /api/models/:id/evaluations': sees('model'),
  'GET /api/evaluations/:id': sees('evaluation'),
  'GET /api/evaluations/:id/images': sees('evaluation'),
  'GET /api/evaluations/:id/report': sees('evaluation'),
  'GET /api/evaluations/:id/events': sees('evaluation'),
  'POST /api/evaluations/:id/cancel': changes('evaluation'),
  'DELETE /api/evaluations/:id': destroys('evaluation'),

  'POST /api/models/:id/batches': changes('model', ({ dataset }) => ({ datasetId: dataset })),
  'GET /api/models/:id/batches': sees('model'),
  'GET /api/batches/:id': sees('batch'),
  'GET /api/batches/:id/masks': sees('batch'),
  'GET /api/batches/:id/results.csv': sees('batch'),
  'GET /api/batches/:id/report': sees('batch'),
  'GET /api/batches/:id/events': sees('batch'),
  'POST /api/batches/:id/cancel': changes('batch'),
  'DELETE /api/batches/:id': destroys('batch'),

  'POST /api/admin/resync': admin,
  'GET /api/auth/providers': publicRoute,
  'POST /api/auth/login': publicRoute,
  'POST /api/auth/login-link': publicRoute,
  'GET /api/auth/me': viewer,
  'POST /api/auth/logout': viewer,
  'POST /api/auth/logout-all': viewer,
  'PUT /api/auth/password': viewer,
  'GET /api/auth/tokens': viewer,
  'POST /api/auth/tokens': viewer,
  'DELETE /api/auth/tokens/:id': viewer,
  'GET /api/admin/users': admin,
  'POST /api/admin/users': admin,
  'PATCH /api/admin/users/:id': admin,
  'POST /api/admin/users/:id/login-link': admin,
  'POST /api/admin/users/:id/logout-all': admin,
  'GET /api/admin/tokens': admin,
  'DELETE /api/admin/tokens/:id': admin,
  'GET /api/admin/audit': admin,
  'GET /api/admin/settings': admin,
  'PUT /api/admin/settings': admin,
  // Single sign-on: public; they answer 302 (to the provider, or to /login with the reason).
  'GET /api/auth/oidc/login': publicRoute,
  'GET /api/auth/oidc/callback': publicRoute,
};

/** Every route the running gateway serves, as `METHOD path` (from Express's own router). */
export function routesOf(app: NestExpressApplication): string[] {
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
  const routes = new Set<string>();
  for (const layer of router.stack) {
    if (!layer.route) continue;
    // Nest's not-found handler for a path outside the global prefix (GET /metrics) answers every
    // method with 404: not a route of its own.
    if (layer.route.methods.acl && layer.route.methods.unsubscribe) continue;
    for (const method of Object.keys(layer.route.methods)) if (method !== '_all') routes.add(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return [...routes];
}
