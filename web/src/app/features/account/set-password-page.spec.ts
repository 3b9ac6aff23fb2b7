import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AUTH_URL, PAGE_LOAD } from '../../core/auth/auth.service';
import { meDto, signIn } from '../../testing/auth-fixtures';
import { SetPasswordPage } from './set-password-page';

describe('SetPasswordPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let pageLoad: ReturnType<typeof vi.fn>;

  beforeEach(async () => {
    pageLoad = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [{ path: 'set-password', component: SetPasswordPage }],
          withComponentInputBinding(),
        ),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PAGE_LOAD, useValue: pageLoad },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn(meDto({ mustSetPassword: true }));
    harness = await RouterTestingHarness.create('/set-password?returnUrl=%2Ftraining');
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

  function byTestId<T extends HTMLElement = HTMLElement>(id: string): T | null {
    return harness.routeNativeElement!.querySelector<T>(`[data-testid="${id}"]`);
  }

  async function type(id: string, value: string): Promise<void> {
    const input = byTestId<HTMLInputElement>(id)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  it('greets the user and wants 10 characters, twice the same', async () => {
    expect(harness.routeNativeElement!.textContent).toContain('Welcome, Ada Lovelace');
    const submit = byTestId<HTMLButtonElement>('set-password-submit')!;
    expect(submit.disabled).toBe(true);

    await type('new-password', 'too short');
    await type('repeat-password', 'too short');
    expect(submit.disabled).toBe(true);

    await type('new-password', 'long enough now');
    await type('repeat-password', 'long enough no');
    expect(byTestId('repeat-password-error')?.textContent).toContain('differ');
    expect(submit.disabled).toBe(true);

    await type('repeat-password', 'long enough now');
    expect(byTestId('repeat-password-error')).toBeNull();
    expect(submit.disabled).toBe(false);
  });

  it('sets the password without the current one, then opens the app', async () => {
    await type('new-password', 'correct horse battery');
    await type('repeat-password', 'correct horse battery');
    byTestId<HTMLButtonElement>('set-password-submit')!.click();
    await settle();

    const req = http.expectOne(`${AUTH_URL}/password`);
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({ newPassword: 'correct horse battery' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(pageLoad).toHaveBeenCalledWith('/training');
  });

  it("shows the gateway's refusal", async () => {
    await type('new-password', 'correct horse battery');
    await type('repeat-password', 'correct horse battery');
    byTestId<HTMLButtonElement>('set-password-submit')!.click();
    await settle();
    http
      .expectOne(`${AUTH_URL}/password`)
      .flush(
        { statusCode: 400, message: ['newPassword must be at least 10 characters'] },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();

    expect(byTestId('set-password-error')?.textContent).toContain('at least 10 characters');
    expect(pageLoad).not.toHaveBeenCalled();
  });
});
