import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { meDto, signIn, tokenDto, userDto } from '../../testing/auth-fixtures';
import { ADMIN_TOKENS_URL, ADMIN_USERS_URL } from './user-admin.service';
import { UserAdminPage } from './user-admin-page';

const LINK = 'http://localhost:8080/login?link=b25lLXRpbWUtbGluaw';

describe('UserAdminPage', () => {
  let fixture: ComponentFixture<UserAdminPage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [UserAdminPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn(meDto({ id: 'u-root', username: 'root', displayName: 'Root', role: 'admin' }));
    fixture = TestBed.createComponent(UserAdminPage);
    fixture.detectChanges();
    http.expectOne(ADMIN_USERS_URL).flush([
      userDto({ id: 'u-root', username: 'root', displayName: 'Root', role: 'admin' }),
      userDto(),
      userDto({
        id: 'u-bob',
        username: 'bob',
        displayName: 'Bob',
        hasPassword: false,
        lastLoginAt: null,
      }),
    ]);
    http.expectOne(ADMIN_TOKENS_URL).flush([tokenDto()]);
    await settle();
  });

  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  function row(username: string): HTMLElement {
    return fixture.nativeElement.querySelector(
      `[data-testid="user-row"][data-username="${username}"]`,
    );
  }

  function overlay<T extends HTMLElement = HTMLElement>(selector: string): T | null {
    return document.querySelector<T>(selector);
  }

  function type(selector: string, value: string): void {
    const input = overlay<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function chooseRole(username: string, label: string): Promise<void> {
    row(username).querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    await settle();
    const option = Array.from(document.querySelectorAll<HTMLElement>('mat-option')).find(
      (o) => o.textContent?.trim() === label,
    );
    option!.click();
    await settle();
  }

  it('lists users with role, sign-in method and last sign-in, marking the admin themself', () => {
    expect(row('root').textContent).toContain('you');
    expect(row('ada').textContent).toContain('Password');
    expect(row('ada').textContent).toContain('Dec 1, 2026');
    expect(row('bob').textContent).toContain('No password yet');
    expect(row('bob').textContent).toContain('Never');
    expect(row('ada').querySelector('[data-testid="user-role"]')?.textContent).toContain(
      'Researcher',
    );
    expect(
      row('bob').querySelector('[data-testid="user-actions"]')?.getAttribute('aria-label'),
    ).toBe('More actions for bob');
  });

  it('creates a user without a password and shows the one-time login link once', async () => {
    fixture.nativeElement.querySelector('[data-testid="user-create"]').click();
    await settle();
    type('[data-testid="new-user-username"]', 'Grace');
    type('[data-testid="new-user-display-name"]', 'Grace Hopper');
    await settle();
    overlay<HTMLButtonElement>('[data-testid="new-user-submit"]')!.click();
    await settle();

    const req = http.expectOne((r) => r.url === ADMIN_USERS_URL && r.method === 'POST');
    expect(req.request.body).toEqual({
      username: 'grace',
      displayName: 'Grace Hopper',
      role: 'researcher',
    });
    req.flush({
      user: userDto({
        id: 'u-grace',
        username: 'grace',
        displayName: 'Grace Hopper',
        hasPassword: false,
      }),
      loginLink: LINK,
    });
    await settle();

    const dialog = overlay('mat-dialog-container')!;
    expect(dialog.textContent).toContain('Send this link to Grace Hopper (grace)');
    expect(overlay('[data-testid="login-link"]')?.textContent).toContain(LINK);
    expect(overlay('[data-testid="login-link-copy"]')?.getAttribute('aria-label')).toBe(
      'Copy the login link',
    );
    expect(dialog.textContent).toContain('you will not see this login link again');
    expect(row('grace')).not.toBeNull();
  });

  it('changes a role', async () => {
    await chooseRole('ada', 'Viewer');

    const req = http.expectOne((r) => r.url === `${ADMIN_USERS_URL}/u-ada` && r.method === 'PATCH');
    expect(req.request.body).toEqual({ role: 'viewer' });
    req.flush(userDto({ role: 'viewer' }));
    await settle();

    expect(row('ada').querySelector('[data-testid="user-role"]')?.textContent).toContain('Viewer');
    expect(overlay('mat-snack-bar-container')?.textContent).toContain('ada is now viewer');
  });

  it('says why the last admin cannot lose the role, and keeps it on screen', async () => {
    await chooseRole('root', 'Researcher');

    http
      .expectOne((r) => r.url === `${ADMIN_USERS_URL}/u-root` && r.method === 'PATCH')
      .flush(
        {
          statusCode: 409,
          message: 'MedSeg needs at least one enabled admin: make another user admin first',
          error: 'Conflict',
        },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();

    expect(overlay('mat-snack-bar-container')?.textContent).toContain(
      'Could not make root researcher: MedSeg needs at least one enabled admin',
    );
    expect(row('root').querySelector('[data-testid="user-role"]')?.textContent).toContain('Admin');
  });

  it('creates a new login link for a password reset after confirmation', async () => {
    row('ada').querySelector<HTMLElement>('[data-testid="user-actions"]')!.click();
    await settle();
    overlay<HTMLElement>('[data-testid="user-login-link"]')!.click();
    await settle();
    overlay<HTMLElement>('[data-testid="confirm-ok"]')!.click();
    await settle();

    http
      .expectOne((r) => r.url === `${ADMIN_USERS_URL}/u-ada/login-link` && r.method === 'POST')
      .flush({ loginLink: LINK, expiresAt: '2026-12-02T15:00:00.000Z' });
    await settle();

    expect(overlay('[data-testid="login-link"]')?.textContent).toContain(LINK);
    expect(overlay('mat-dialog-container')?.textContent).toContain('Dec 2, 2026');
  });

  it("lists everyone's tokens with their owner and revokes one", async () => {
    const tabs = Array.from<HTMLElement>(fixture.nativeElement.querySelectorAll('[role="tab"]'));
    expect(tabs[1].textContent).toContain('API tokens (1)');
    tabs[1].click();
    await settle();
    const revoke = fixture.nativeElement.querySelector('[data-testid="token-revoke"]');
    expect(revoke.getAttribute('aria-label')).toBe('Revoke the token batch script of ada');
    expect(fixture.nativeElement.querySelector('[data-testid="token-row"]').textContent).toContain(
      'ada',
    );

    revoke.click();
    await settle();
    overlay<HTMLElement>('[data-testid="confirm-ok"]')!.click();
    await settle();
    http
      .expectOne((r) => r.url === `${ADMIN_TOKENS_URL}/tok1234567ab` && r.method === 'DELETE')
      .flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(fixture.nativeElement.querySelector('[data-testid="token-row"]')).toBeNull();
  });

  it('disables a user with the toggle, and puts it back when the gateway refuses', async () => {
    const toggle = () =>
      row('root').querySelector<HTMLButtonElement>('[data-testid="user-enabled"] button')!;
    expect(toggle().getAttribute('aria-label')).toBe('Disable root');
    toggle().click();
    await settle();
    const req = http.expectOne(
      (r) => r.url === `${ADMIN_USERS_URL}/u-root` && r.method === 'PATCH',
    );
    expect(req.request.body).toEqual({ disabled: true });
    req.flush(
      { statusCode: 409, message: 'MedSeg needs at least one enabled admin', error: 'Conflict' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();

    expect(overlay('mat-snack-bar-container')?.textContent).toContain(
      'Could not disable root: MedSeg needs at least one enabled admin',
    );
    expect(toggle().getAttribute('aria-checked')).toBe('true');
  });
});
