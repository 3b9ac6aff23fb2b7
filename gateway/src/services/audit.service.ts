import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/caller';
import { type AuditAction, type AuditKind, type AuditPageDto, type AuditQueryDto, mapAuditEvent } from '../dtos/audit.dto';
import type { AuditEventRow } from '../db/schema';
import { AuditEventRepository } from '../repositories/audit-event.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { auditKeyOf, auditRecordToRow, auditRowToRecord, parseAuditRecord } from './audit-record';
import { ROOTS, auditKeys } from './storage-layout';

/** How often pending events are offered to S3 again while it is down. */
export const AUDIT_RETRY_MS = 5000;
const FLUSH_BATCH = 100;
const RESYNC_READS = 8;

export interface AuditResyncResult {
  events: number;
  removed: number;
  skipped: string[];
}

/**
 * The audit log: who created, shared, deleted, exported what, when. An event is recorded after the
 * action succeeded, so recording never fails the action: the SQLite row is written first with
 * `pending` set (a local journal that survives a crash or an outage), then the S3 object (the
 * truth a resync reads), then the flag is cleared. While S3 is down, pending events are uploaded
 * again every AUDIT_RETRY_MS until it answers, and at every start. Only losing medseg.db while
 * events are still pending loses them, and each is logged at warn level with its whole record first.
 */
@Injectable()
export class AuditService implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  private retryTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly storage: StorageRepository,
    private readonly events: AuditEventRepository,
  ) {}

  /** Records one event; never throws (the action it describes has already happened). */
  async record(
    caller: Caller | null,
    action: AuditAction,
    kind: AuditKind,
    resourceId: string | null,
    resourceName: string | null,
    detail: string | null = null,
  ): Promise<void> {
    const id = randomUUID();
    const timeMs = Date.now();
    const row: AuditEventRow = {
      id,
      sort_key: auditKeys.sortKey(timeMs, id),
      time: new Date(timeMs).toISOString(),
      actor_id: caller?.id ?? null,
      actor_username: caller?.username ?? null,
      action,
      kind,
      resource_id: resourceId,
      resource_name: resourceName,
      detail,
      pending: 1,
    };
    let journaled = true;
    try {
      await this.events.insert(row);
    } catch (error) {
      journaled = false;
      this.logger.error(`Audit event not cached (${String(error)}): ${JSON.stringify(auditRowToRecord(row))}`);
    }
    try {
      await this.upload(row);
      if (journaled) await this.events.markStored(id);
    } catch (error) {
      this.logger.warn(`Audit event ${id} kept pending, S3 failed (${(error as Error).message}): ${JSON.stringify(auditRowToRecord(row))}`);
      this.retrySoon();
    }
  }

  async list(query: AuditQueryDto): Promise<AuditPageDto> {
    const rows = await this.events.list(query, query.limit + 1);
    const page = rows.slice(0, query.limit);
    return {
      events: page.map(mapAuditEvent),
      nextBefore: rows.length > query.limit ? page[page.length - 1].sort_key : null,
    };
  }

  /** Uploads every pending event (oldest first); resolves to how many were stored, throws while S3 is down. */
  flushPending(): Promise<number> {
    this.flushing ??= this.flushAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Rebuilds audit_events from audit/ in S3; pending events (not in S3 yet) are kept. */
  async resync(): Promise<AuditResyncResult> {
    // Events recorded while the listing runs are not in it: only older rows may be removed.
    const listedFrom = auditKeys.sortKey(Date.now() - 1, '');
    const keys = await this.storage.listKeys(ROOTS.audit);
    const skipped: string[] = [];
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += RESYNC_READS) {
      await Promise.all(
        keys.slice(i, i + RESYNC_READS).map(async (key) => {
          const sortKey = auditKeys.sortKeyOf(key);
          const text = sortKey === null ? null : await this.storage.getText(key);
          const record = text === null ? null : parseAuditRecord(text);
          const row = record === null ? null : auditRecordToRow(record, false);
          if (!row || row.sort_key !== sortKey) {
            skipped.push(key);
            return;
          }
          await this.events.upsert(row);
          found.add(row.id);
        }),
      );
    }
    let removed = 0;
    for (const { id } of await this.events.listStoredIdsBefore(listedFrom)) {
      if (!found.has(id)) await this.events.delete(id).then(() => removed++);
    }
    if (skipped.length > 0) this.logger.warn(`Audit resync skipped unreadable events: ${skipped.join(', ')}`);
    return { events: found.size, removed, skipped };
  }

  /** At start-up: events left pending by an earlier run (or by the reset-password command) go to S3. */
  resumePending(): void {
    this.flushPending().then(
      (stored) => stored > 0 && this.logger.log(`Stored ${stored} pending audit event(s) in S3`),
      () => this.retrySoon(),
    );
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private async flushAll(): Promise<number> {
    let stored = 0;
    for (;;) {
      const rows = await this.events.listPending(FLUSH_BATCH);
      for (const row of rows) {
        await this.upload(row);
        await this.events.markStored(row.id);
        stored++;
      }
      if (rows.length < FLUSH_BATCH) return stored;
    }
  }

  private upload(row: AuditEventRow): Promise<void> {
    return this.storage.putObject(auditKeyOf(row), JSON.stringify(auditRowToRecord(row), null, 2), 'application/json');
  }

  private retrySoon(): void {
    if (this.retryTimer !== undefined || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.flushPending().then(
        (stored) => this.logger.log(`S3 is back: stored ${stored} pending audit event(s)`),
        () => this.retrySoon(),
      );
    }, AUDIT_RETRY_MS);
    this.retryTimer.unref();
  }
}
