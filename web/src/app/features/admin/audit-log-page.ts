import { DatePipe } from '@angular/common';
import { Component, computed, inject, signal } from '@angular/core';
import { MatCard } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { EmptyState } from '../../shared/empty-state';
import { FORM_FIELDS, SELECT_FIELD } from '../../shared/form-imports';
import { TABLE } from '../../shared/list-page/table-imports';
import { PageHeader } from '../../shared/page-header';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_KIND_LABELS,
  type AuditAction,
  type AuditEvent,
  type AuditFilter,
  type AuditKind,
  auditResourceLink,
} from './audit.model';
import { AuditLogService } from './audit-log.service';
import { UserAdminService } from './user-admin.service';

/** `/admin/audit` (admins only): who created, shared, deleted, exported what, when. */
@Component({
  selector: 'app-audit-log-page',
  imports: [
    ...FORM_FIELDS,
    ...SELECT_FIELD,
    ...TABLE,
    DatePipe,
    EmptyState,
    MatCard,
    PageHeader,
    RouterLink,
  ],
  templateUrl: './audit-log-page.html',
  styleUrl: './audit-log-page.scss',
})
export class AuditLogPage {
  protected readonly log = inject(AuditLogService);
  protected readonly users = inject(UserAdminService).users;
  protected readonly columns = ['time', 'actor', 'action', 'what', 'detail'];
  protected readonly actionLabels = AUDIT_ACTION_LABELS;
  protected readonly kindLabels = AUDIT_KIND_LABELS;
  protected readonly actions = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];
  protected readonly kinds = Object.keys(AUDIT_KIND_LABELS) as AuditKind[];
  protected readonly filter = signal<AuditFilter>({});
  protected readonly filtered = computed(() => Object.values(this.filter()).some((v) => !!v));
  /** Resources the loaded log shows deleted: no link to a page that is gone. */
  private readonly deleted = computed(
    () =>
      new Set(
        (this.log.events() ?? [])
          .filter((e) => e.action === 'deleted')
          .map((e) => `${e.kind}:${e.resourceId}`),
      ),
  );

  constructor() {
    this.log.load({});
    this.users.load();
  }

  protected setFilter(name: keyof AuditFilter, value: string | undefined): void {
    this.filter.update((f) => ({ ...f, [name]: value || undefined }));
    this.log.load(this.filter());
  }

  protected clearFilters(): void {
    this.filter.set({});
    this.log.load({});
  }

  protected link(event: AuditEvent): string | null {
    if (this.deleted().has(`${event.kind}:${event.resourceId}`)) return null;
    return auditResourceLink(event);
  }

  protected actionLabel(event: AuditEvent): string {
    return AUDIT_ACTION_LABELS[event.action];
  }

  protected kindLabel(event: AuditEvent): string {
    return AUDIT_KIND_LABELS[event.kind];
  }

  protected trackById(_: number, event: AuditEvent): string {
    return event.id;
  }
}
