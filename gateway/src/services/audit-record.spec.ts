import { describe, expect, it } from 'vitest';
import type { AuditEventRow } from '../db/schema';
import { auditKeyOf, auditRecordToRow, auditRowToRecord, parseAuditRecord } from './audit-record';
import { auditKeys } from './storage-layout';

const row: AuditEventRow = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  sort_key: '1764602642904-0f8fad5b-d9cb-469f-a165-70867728950e',
  time: '2025-12-01T15:24:02.904Z',
  actor_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  actor_username: 'ada',
  action: 'deleted',
  kind: 'dataset',
  resource_id: 'd1',
  resource_name: 'Brain slices',
  detail: null,
  pending: 0,
};

describe('audit records', () => {
  it('names the object by day and sort key, and reads the sort key back', () => {
    const key = auditKeyOf(row);
    expect(key).toBe(`audit/2025-12-01/${row.sort_key}.json`);
    expect(auditKeys.sortKeyOf(key)).toBe(row.sort_key);
    expect(auditKeys.sortKeyOf('audit/2025-12-01/notes.txt')).toBeNull();
    expect(auditKeys.sortKey(5, 'x')).toBe('0000000000005-x');
  });

  it('round-trips a row through its S3 record', () => {
    const record = parseAuditRecord(JSON.stringify(auditRowToRecord(row)));
    expect(record).not.toBeNull();
    expect(auditRecordToRow(record!, false)).toEqual(row);
    expect(auditRecordToRow(record!, true).pending).toBe(1);
  });

  it('refuses records it cannot trust', () => {
    const good = auditRowToRecord(row);
    expect(parseAuditRecord('{')).toBeNull();
    expect(parseAuditRecord(JSON.stringify({ ...good, format: 'medseg-audit-v2' }))).toBeNull();
    expect(parseAuditRecord(JSON.stringify({ ...good, action: 'stolen' }))).toBeNull();
    expect(parseAuditRecord(JSON.stringify({ ...good, time: 'yesterday' }))).toBeNull();
    expect(parseAuditRecord(JSON.stringify({ ...good, actor: { id: 3 } }))).toBeNull();
    expect(parseAuditRecord(JSON.stringify({ ...good, actor: null }))).toMatchObject({ actor: null });
  });
});
