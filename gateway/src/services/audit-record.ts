import { AUDIT_ACTIONS, AUDIT_KINDS, type AuditAction, type AuditKind, mapAuditEvent } from '../dtos/audit.dto';
import type { AuditEventRow } from '../db/schema';
import { auditKeys } from './storage-layout';

/** audit/<yyyy-mm-dd>/<time ms>-<id>.json: one event, the truth the audit_events table caches. */
export interface AuditRecord {
  format: 'medseg-audit-v1';
  id: string;
  time: string;
  actor: { id: string; username: string } | null;
  action: AuditAction;
  kind: AuditKind;
  resourceId: string | null;
  resourceName: string | null;
  detail: string | null;
}

const strOrNull = (v: unknown): boolean => v === null || typeof v === 'string';

/** The record, or null when the text is not a readable audit event. */
export function parseAuditRecord(text: string): AuditRecord | null {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  const actor = v?.actor as Record<string, unknown> | null | undefined;
  const ok =
    v?.format === 'medseg-audit-v1' &&
    typeof v.id === 'string' && /^[0-9a-f-]{36}$/.test(v.id) &&
    typeof v.time === 'string' && !Number.isNaN(Date.parse(v.time)) &&
    (actor === null || (typeof actor === 'object' && typeof actor.id === 'string' && typeof actor.username === 'string')) &&
    AUDIT_ACTIONS.includes(v.action as AuditAction) && AUDIT_KINDS.includes(v.kind as AuditKind) &&
    strOrNull(v.resourceId) && strOrNull(v.resourceName) && strOrNull(v.detail);
  return ok ? (v as unknown as AuditRecord) : null;
}

export function auditRecordToRow(r: AuditRecord, pending: boolean): AuditEventRow {
  return {
    id: r.id,
    sort_key: auditKeys.sortKey(Date.parse(r.time), r.id),
    time: r.time,
    actor_id: r.actor?.id ?? null,
    actor_username: r.actor?.username ?? null,
    action: r.action,
    kind: r.kind,
    resource_id: r.resourceId,
    resource_name: r.resourceName,
    detail: r.detail,
    pending: pending ? 1 : 0,
  };
}

export function auditRowToRecord(row: AuditEventRow): AuditRecord {
  // The stored record is the API's event with its format named.
  return { format: 'medseg-audit-v1', ...mapAuditEvent(row) };
}

/** The object key of an event row. */
export function auditKeyOf(row: Pick<AuditEventRow, 'id' | 'time'>): string {
  return auditKeys.event(Date.parse(row.time), row.id);
}
