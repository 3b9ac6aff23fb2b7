import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { signIn } from '../../testing/auth-fixtures';
import { AUTH_URL, PAGE_LOAD } from './auth.service';
import { UserMenu } from './user-menu';

describe('UserMenu', () => {
  let fixture: ComponentFixture<UserMenu>;
  let http: HttpTestingController;
  let pageLoad: ReturnType<typeof vi.fn>;

  beforeEach(async () => {
    pageLoad = vi.fn();
    TestBed.configureTestingModule({
      imports: [UserMenu],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PAGE_LOAD, useValue: pageLoad },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn('viewer');
    fixture = TestBed.createComponent(UserMenu);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  function overlay<T extends HTMLElement = HTMLElement>(testId: string): T | null {
    return document.querySelector<T>(`[data-testid="${testId}"]`);
  }

  async function openMenu(): Promise<void> {
    fixture.nativeElement.querySelector('[data-testid="user-menu"]').click();
    await settle();
  }

  function type(testId: string, value: string): void {
    const input = overlay<HTMLInputElement>(testId)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('names the user and their role, also for screen readers', () => {
    const button: HTMLElement = fixture.nativeElement.querySelector('[data-testid="user-menu"]');
    expect(button.textContent).toContain('Ada Lovelace');
    expect(button.textContent).toContain('Viewer');
    expect(button.getAttribute('aria-label')).toBe('Account of Ada Lovelace, Viewer');
  });

  it('links to the API tokens page', async () => {
    await openMenu();
    expect(overlay('user-menu-tokens')?.getAttribute('href')).toBe('/account/tokens');
  });

  it('signs out and loads the login page', async () => {
    await openMenu();
    overlay('user-menu-sign-out')!.click();
    await settle();
    http.expectOne((r) => r.url === `${AUTH_URL}/logout` && r.method === 'POST').flush(null);
    await settle();

    expect(pageLoad).toHaveBeenCalledWith('/login');
  });

  it('asks before signing out everywhere', async () => {
    await openMenu();
    overlay('user-menu-sign-out-all')!.click();
    await settle();
    expect(document.querySelector('mat-dialog-container')?.textContent).toContain(
      'Sign out everywhere?',
    );
    overlay('confirm-ok')!.click();
    await settle();
    http.expectOne((r) => r.url === `${AUTH_URL}/logout-all`).flush(null);
    await settle();

    expect(pageLoad).toHaveBeenCalledWith('/login');
  });

  it('changes the password with the current one', async () => {
    await openMenu();
    overlay('user-menu-password')!.click();
    await settle();
    type('current-password', 'old password!');
    type('new-password', 'a much better one');
    type('repeat-password', 'a much better one');
    await settle();
    overlay<HTMLButtonElement>('change-password-submit')!.click();
    await settle();

    const req = http.expectOne(`${AUTH_URL}/password`);
    expect(req.request.body).toEqual({
      currentPassword: 'old password!',
      newPassword: 'a much better one',
    });
    req.flush(
      { statusCode: 401, message: 'The current password is wrong' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settle();

    expect(overlay('change-password-error')?.textContent).toContain(
      'The current password is wrong',
    );
    expect(pageLoad).not.toHaveBeenCalled();
  });
});
