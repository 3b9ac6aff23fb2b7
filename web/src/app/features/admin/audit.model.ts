import { type ApiQuery, type ApiSchema } from '../../shared/api-schema';

export type AuditEvent = ApiSchema<'AuditEventDto'>;
export type AuditPage = ApiSchema<'AuditPageDto'>;
export type AuditAction = AuditEvent['action'];
export type AuditKind = AuditEvent['kind'];
/** The filters of the log; paging (`limit`, `before`) is the service's. */
export type AuditFilter = Pick<ApiQuery<'AuditController_list'>, 'actor' | 'action' | 'kind'>;

/** Every action, as a person reads it (a Record: a new action in the API fails the type check here). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  created: 'Created',
  deleted: 'Deleted',
  shared: 'Shared',
  unshared: 'Made private',
  exported: 'Exported',
  cancelled: 'Cancelled',
  user_created: 'User created',
  user_changed: 'User changed',
  login_link_issued: 'Login link issued',
  token_created: 'Token created',
  token_revoked: 'Token revoked',
  signed_in_failed_locked: 'Sign-in locked out',
  settings_changed: 'Settings changed',
  annotated: 'Annotated',
};

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  dataset: 'Dataset',
  model: 'Model',
  evaluation: 'Evaluation',
  batch: 'Batch',
  inference_result: 'Inference result',
  user: 'User',
  token: 'API token',
  settings: 'Settings',
};

/** Where a resource of the log is shown in the app; null for what has no page of its own. */
export function auditResourceLink(event: Pick<AuditEvent, 'kind' | 'resourceId'>): string | null {
  if (event.resourceId === null) return null;
  const id = encodeURIComponent(event.resourceId);
  switch (event.kind) {
    case 'dataset':
      return `/datasets/${id}`;
    case 'model':
      return `/training/${id}`;
    case 'evaluation':
      return `/evaluations/${id}`;
    case 'batch':
      return `/batches/${id}`;
    case 'user':
      return '/admin/users';
    default:
      return null;
  }
}
