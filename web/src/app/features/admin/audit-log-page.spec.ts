import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { meDto, signIn, userDto } from '../../testing/auth-fixtures';
import { type AuditEvent } from './audit.model';
import { ADMIN_AUDIT_URL, AUDIT_PAGE_SIZE } from './audit-log.service';
import { AuditLogPage } from './audit-log-page';
import { ADMIN_USERS_URL } from './user-admin.service';

function event(patch: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 'e1',
    time: '2026-12-01T10:00:00.000Z',
    actor: { id: 'u-ada', username: 'ada' },
    action: 'created',
    kind: 'dataset',
    resourceId: 'd-brain',
    resourceName: 'Brain slices',
    detail: 'uploaded brain.zip',
    ...patch,
  };
}

describe('AuditLogPage', () => {
  let fixture: ComponentFixture<AuditLogPage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [AuditLogPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn(meDto({ id: 'u-root', username: 'root', role: 'admin' }));
    fixture = TestBed.createComponent(AuditLogPage);
    fixture.detectChanges();
    http
      .expectOne(ADMIN_USERS_URL)
      .flush([userDto(), userDto({ id: 'u-bob', username: 'bob', displayName: 'Bob' })]);
  });

  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  function expectAudit(params: Record<string, string>) {
    return http.expectOne((req) => {
      if (req.url !== ADMIN_AUDIT_URL) return false;
      const sorted = (o: Record<string, string | null>) => JSON.stringify(Object.entries(o).sort());
      const sent = Object.fromEntries(req.params.keys().map((k) => [k, req.params.get(k)]));
      return sorted(sent) === sorted({ limit: String(AUDIT_PAGE_SIZE), ...params });
    });
  }

  function rows(): HTMLElement[] {
    return Array.from(fixture.nativeElement.querySelectorAll('[data-testid="audit-row"]'));
  }

  function text(testId: string): string[] {
    return Array.from<HTMLElement>(
      fixture.nativeElement.querySelectorAll(`[data-testid="${testId}"]`),
    ).map((e) => e.textContent!.trim().replace(/\s+/g, ' '));
  }

  async function choose(testId: string, label: string): Promise<void> {
    fixture.nativeElement
      .querySelector(`[data-testid="${testId}"] .mat-mdc-select-trigger`)
      .click();
    await settle();
    const option = Array.from(document.querySelectorAll<HTMLElement>('mat-option')).find(
      (o) => o.textContent?.trim() === label,
    );
    option!.click();
    await settle();
  }

  it('shows who did what and when, linking to resources that still exist', async () => {
    expectAudit({}).flush({
      events: [
        event({
          id: 'e3',
          action: 'deleted',
          kind: 'model',
          resourceId: 'm-old',
          resourceName: 'Old net',
          detail: 'version 2',
        }),
        event({
          id: 'e2',
          action: 'created',
          kind: 'model',
          resourceId: 'm-old',
          resourceName: 'Old net',
          detail: null,
        }),
        event({ id: 'e1' }),
        event({
          id: 'e0',
          actor: null,
          action: 'signed_in_failed_locked',
          kind: 'user',
          resourceId: null,
          resourceName: 'mallory',
          detail: 'user name "mallory" from address 10.0.0.9',
        }),
      ],
      nextBefore: null,
    });
    await settle();

    expect(rows()).toHaveLength(4);
    expect(text('audit-actor')).toEqual(['ada', 'ada', 'ada', 'Nobody signed in']);
    expect(text('audit-action')).toEqual(['Deleted', 'Created', 'Created', 'Sign-in locked out']);
    expect(text('audit-what')).toEqual([
      'Model Old net',
      'Model Old net',
      'Dataset Brain slices',
      'User mallory',
    ]);
    const links = Array.from<HTMLAnchorElement>(
      fixture.nativeElement.querySelectorAll('[data-testid="audit-link"]'),
    );
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/datasets/d-brain']);
    expect(fixture.nativeElement.textContent).toContain(
      'user name "mallory" from address 10.0.0.9',
    );
    expect(text('audit-end')).toEqual(['The oldest event is shown.']);
  });

  it('loads older events after the ones shown', async () => {
    expectAudit({}).flush({ events: [event({ id: 'e2' })], nextBefore: '1764583200000-e2' });
    await settle();
    fixture.nativeElement.querySelector('[data-testid="audit-load-older"]').click();
    expectAudit({ before: '1764583200000-e2' }).flush({
      events: [
        event({
          id: 'e1',
          action: 'exported',
          kind: 'model',
          resourceId: 'm1',
          resourceName: 'Net',
          detail: 'torchscript',
        }),
      ],
      nextBefore: null,
    });
    await settle();

    expect(text('audit-action')).toEqual(['Created', 'Exported']);
    expect(fixture.nativeElement.querySelector('[data-testid="audit-load-older"]')).toBeNull();
  });

  it('asks the gateway again with each filter, and says when nothing matches', async () => {
    expectAudit({}).flush({ events: [event()], nextBefore: null });
    await settle();

    await choose('audit-filter-action', 'Deleted');
    expectAudit({ action: 'deleted' }).flush({ events: [], nextBefore: null });
    await choose('audit-filter-actor', 'Bob (bob)');
    expectAudit({ actor: 'u-bob', action: 'deleted' }).flush({ events: [], nextBefore: null });
    await choose('audit-filter-kind', 'Model');
    expectAudit({ actor: 'u-bob', action: 'deleted', kind: 'model' }).flush({
      events: [],
      nextBefore: null,
    });
    await settle();
    expect(fixture.nativeElement.textContent).toContain('No event matches these filters');

    fixture.nativeElement.querySelector('[data-testid="audit-clear-filters"]').click();
    expectAudit({}).flush({ events: [event()], nextBefore: null });
    await settle();
    expect(rows()).toHaveLength(1);
  });

  it('says why the log could not load, and retries', async () => {
    expectAudit({}).flush(
      { message: 'Only an admin may do this' },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle();
    expect(text('audit-error')[0]).toContain(
      'Could not load the audit log: Only an admin may do this',
    );
    fixture.nativeElement.querySelector('[data-testid="audit-error"] button').click();
    expectAudit({}).flush({ events: [event()], nextBefore: null });
    await settle();
    expect(rows()).toHaveLength(1);
    expect(fixture.nativeElement.querySelector('[data-testid="audit-error"]')).toBeNull();
  });
});
