import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AUTH_URL, PAGE_LOAD } from '../../core/auth/auth.service';
import { ME_URL, meDto } from '../../testing/auth-fixtures';
import { LoginPage } from './login-page';

@Component({ template: 'set password' })
class SetPasswordStub {}

const PROVIDERS_URL = `${AUTH_URL}/providers`;
const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };

describe('LoginPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let pageLoad: ReturnType<typeof vi.fn>;

  beforeEach(async () => {
    pageLoad = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'login', component: LoginPage },
            { path: 'set-password', component: SetPasswordStub },
          ],
          withComponentInputBinding(),
        ),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PAGE_LOAD, useValue: pageLoad },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  /**
   * Lets an answer travel through the page's promise chain (a macrotask: every microtask has
   * run), then renders: the harness's fixture does not detect changes by itself.
   */
  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(0);
    else await new Promise((resolve) => setTimeout(resolve));
    harness.detectChanges();
    await harness.fixture.whenStable();
  }

  /** Opens the page for a visitor who is not signed in, with these sign-in providers. */
  async function open(url = '/login', oidc: { name: string; loginUrl: string } | null = null) {
    await harness.navigateByUrl(url);
    http.expectOne(ME_URL).flush({ message: 'Sign in first' }, UNAUTHORIZED);
    http.expectOne(PROVIDERS_URL).flush({ password: true, oidc });
    await settle();
  }

  function el(): HTMLElement {
    return harness.routeNativeElement!;
  }

  function byTestId<T extends HTMLElement = HTMLElement>(id: string): T | null {
    return el().querySelector<T>(`[data-testid="${id}"]`);
  }

  function type(id: string, value: string): void {
    const input = byTestId<HTMLInputElement>(id)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(username = 'ada', password = 'wrong password'): Promise<void> {
    type('login-username', username);
    type('login-password', password);
    await settle();
    byTestId<HTMLButtonElement>('login-submit')!.click();
    await settle();
  }

  it('signs in and opens the page the visitor came for', async () => {
    await open('/login?returnUrl=%2Ftraining%2Fm1');
    expect(byTestId('login-oidc')).toBeNull();

    await submit('ada', 'correct horse battery');
    const req = http.expectOne(`${AUTH_URL}/login`);
    expect(req.request.body).toEqual({ username: 'ada', password: 'correct horse battery' });
    req.flush(meDto());
    await settle();

    expect(pageLoad).toHaveBeenCalledWith('/training/m1');
  });

  it("shows the gateway's answer to a wrong password and clears the password", async () => {
    await open();

    await submit();
    http
      .expectOne(`${AUTH_URL}/login`)
      .flush({ statusCode: 401, message: 'Wrong user name or password' }, UNAUTHORIZED);
    await settle();

    expect(byTestId('login-error')?.textContent).toContain('Wrong user name or password');
    expect(byTestId<HTMLInputElement>('login-password')!.value).toBe('');
    expect(document.activeElement).toBe(byTestId('login-password'));
    expect(byTestId<HTMLInputElement>('login-username')!.value).toBe('ada');
    expect(pageLoad).not.toHaveBeenCalled();
  });

  it('says when to try again after too many failures and locks the form until then', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      vi.setSystemTime(new Date(2026, 11, 1, 14, 50, 0));
      await open();

      await submit();
      http
        .expectOne(`${AUTH_URL}/login`)
        .flush(
          { statusCode: 429, message: 'Too many failed sign-ins for this account' },
          { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '300' } },
        );
      await settle();

      const error = byTestId('login-error')?.textContent ?? '';
      expect(error).toContain('Too many failed sign-ins for this account');
      expect(error).toContain('Try again at');
      expect(error).toContain('(in 5 min)');
      type('login-password', 'another try');
      await settle();
      expect(byTestId<HTMLButtonElement>('login-submit')!.disabled).toBe(true);

      vi.advanceTimersByTime(300_000);
      await settle();
      expect(byTestId('login-error')).toBeNull();
      expect(byTestId<HTMLButtonElement>('login-submit')!.disabled).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('offers single sign-on as a plain link when the gateway has a provider', async () => {
    await open('/login', { name: 'Lab SSO', loginUrl: '/api/auth/oidc/login' });

    const link = byTestId<HTMLAnchorElement>('login-oidc')!;
    expect(link.textContent).toContain('Sign in with Lab SSO');
    expect(link.getAttribute('href')).toBe('/api/auth/oidc/login?returnUrl=%2F');
  });

  it('sends single sign-on back to the page asked for, and shows why a sign-on failed', async () => {
    await open('/login?returnUrl=%2Fmodels&error=The%20sign-in%20expired', { name: 'Lab SSO', loginUrl: '/api/auth/oidc/login' });

    expect(byTestId<HTMLAnchorElement>('login-oidc')!.getAttribute('href')).toBe('/api/auth/oidc/login?returnUrl=%2Fmodels');
    expect(byTestId('login-error')!.textContent).toContain('Single sign-on failed: The sign-in expired');
  });

  it('says so when the gateway does not answer', async () => {
    await harness.navigateByUrl('/login');
    http.expectOne(ME_URL).error(new ProgressEvent('error'));
    http.expectOne(PROVIDERS_URL).flush('', { status: 503, statusText: 'Service Unavailable' });
    await settle();

    expect(byTestId('login-error')?.textContent).toContain('The gateway is not available');
  });

  it('signs in with a one-time login link and asks for a password next', async () => {
    await harness.navigateByUrl('/login?link=s3cret-link&returnUrl=%2Fdatasets');
    expect(byTestId('login-link-checking')).not.toBeNull();
    const req = http.expectOne(`${AUTH_URL}/login-link`);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ link: 's3cret-link' });
    http.expectOne(PROVIDERS_URL).flush({ password: true, oidc: null });
    req.flush(meDto({ mustSetPassword: true }));
    await settle();

    expect(TestBed.inject(Router).url).toBe('/set-password?returnUrl=%2Fdatasets');
  });

  it('says a used login link is spent and takes it out of the address bar', async () => {
    await harness.navigateByUrl('/login?link=used-link');
    http.expectOne(PROVIDERS_URL).flush({ password: true, oidc: null });
    http.expectOne(`${AUTH_URL}/login-link`).flush(
      {
        statusCode: 401,
        message: 'This login link is invalid, used or expired; ask an admin for a new one',
      },
      UNAUTHORIZED,
    );
    await settle();

    expect(byTestId('login-error')?.textContent).toContain('ask an admin for a new one');
    expect(byTestId('login-form')).not.toBeNull();
    expect(TestBed.inject(Router).url).toBe('/login');
  });
});
