import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ME_URL, meDto, signIn } from '../../testing/auth-fixtures';
import { safeReturnUrl } from './auth.model';
import { authInterceptor } from './auth.interceptor';
import { AUTH_URL, AuthService, PAGE_LOAD, TooManyAttempts } from './auth.service';

const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };

describe('AuthService', () => {
  let http: HttpTestingController;
  let auth: AuthService;
  let pageLoad: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    pageLoad = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: PAGE_LOAD, useValue: pageLoad },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
  });

  afterEach(() => http.verify());

  it('asks who is signed in once and keeps the answer as a signal', async () => {
    const first = auth.whenLoaded();
    const second = auth.whenLoaded();
    http.expectOne(ME_URL).flush(meDto({ role: 'admin' }));

    expect(await first).toEqual(meDto({ role: 'admin' }));
    expect(await second).toBe(await first);
    expect(auth.me()?.displayName).toBe('Ada Lovelace');
    expect(auth.isAdmin()).toBe(true);
  });

  it('knows nobody is signed in when the gateway answers 401', async () => {
    const loaded = auth.whenLoaded();
    http.expectOne(ME_URL).flush({ message: 'Sign in first' }, UNAUTHORIZED);

    expect(await loaded).toBeNull();
    expect(auth.me()).toBeNull();
    expect(auth.can('infer')).toBe(false);
  });

  it('lets each role do what the contract gives it', async () => {
    await signIn('viewer');
    expect(auth.can('infer')).toBe(true);
    expect(auth.can('export')).toBe(true);
    expect(auth.can('uploadDataset')).toBe(false);
    expect(auth.can('train')).toBe(false);
    expect(auth.can('deleteModel', { canChange: true })).toBe(false);
    expect(auth.can('deleteResult', { canChange: true })).toBe(true);
    expect(auth.can('manageUsers')).toBe(false);
  });

  it('lets a researcher create and delete but not manage users', async () => {
    await signIn('researcher');
    expect(auth.can('uploadDataset')).toBe(true);
    expect(auth.can('evaluate')).toBe(true);
    expect(auth.can('changeJob', { canChange: true })).toBe(true);
    expect(auth.can('manageUsers')).toBe(false);
  });

  it('offers changes to a resource only when the gateway says the caller may change it', async () => {
    await signIn('researcher');
    expect(auth.can('deleteDataset', { canChange: true })).toBe(true);
    expect(auth.can('deleteDataset', { canChange: false })).toBe(false);
    expect(auth.can('shareModel', { canChange: false })).toBe(false);
    expect(auth.can('changeJob', null)).toBe(false);
    // Using someone else's shared dataset is not a change of it.
    expect(auth.can('train')).toBe(true);
  });

  it('signs in with a user name and password', async () => {
    const signedIn = auth.signIn({ username: 'ada', password: 'correct horse' });
    const req = http.expectOne(`${AUTH_URL}/login`);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ username: 'ada', password: 'correct horse' });
    req.flush(meDto());

    expect(await signedIn).toEqual(meDto());
    expect(auth.me()?.username).toBe('ada');
    expect(await auth.whenLoaded()).toEqual(meDto());
  });

  it("rejects a wrong password with the gateway's message", async () => {
    const signedIn = auth.signIn({ username: 'ada', password: 'nope' });
    http
      .expectOne(`${AUTH_URL}/login`)
      .flush({ statusCode: 401, message: 'Wrong user name or password' }, UNAUTHORIZED);

    await expect(signedIn).rejects.toMatchObject({
      status: 401,
      message: 'Wrong user name or password',
    });
  });

  it('says when to try again after too many failures (Retry-After in seconds)', async () => {
    const before = Date.now();
    const signedIn = auth.signIn({ username: 'ada', password: 'nope' });
    http
      .expectOne(`${AUTH_URL}/login`)
      .flush(
        { statusCode: 429, message: 'Too many failed sign-ins' },
        { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '120' } },
      );

    const error = await signedIn.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyAttempts);
    const at = (error as TooManyAttempts).retryAt.getTime();
    expect(at).toBeGreaterThanOrEqual(before + 120_000);
    expect(at).toBeLessThan(Date.now() + 121_000);
    expect((error as TooManyAttempts).message).toBe('Too many failed sign-ins');
  });

  it('clears mustSetPassword once the new password is set', async () => {
    await signIn(meDto({ mustSetPassword: true }));
    const done = auth.changePassword({ newPassword: 'a long new password' });
    const req = http.expectOne(`${AUTH_URL}/password`);
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({ newPassword: 'a long new password' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await done;

    expect(auth.me()?.mustSetPassword).toBe(false);
  });

  it('signs out and loads the login page afresh', async () => {
    await signIn();
    const done = auth.signOut();
    http.expectOne((r) => r.url === `${AUTH_URL}/logout` && r.method === 'POST').flush(null);
    await done;

    expect(auth.me()).toBeNull();
    expect(pageLoad).toHaveBeenCalledWith('/login');
  });

  it('signs out everywhere, and counts a session already gone as signed out', async () => {
    await signIn();
    const done = auth.signOut(true);
    http.expectOne(`${AUTH_URL}/logout-all`).flush({ message: 'Sign in first' }, UNAUTHORIZED);
    await done;

    expect(pageLoad).toHaveBeenCalledWith('/login');
  });

  it('opens only pages of this app after sign-in', () => {
    auth.enter('/training/m1?tab=2');
    auth.enter('https://evil.example/');
    auth.enter('//evil.example/');
    auth.enter(undefined);
    expect(pageLoad.mock.calls).toEqual([['/training/m1?tab=2'], ['/'], ['/'], ['/']]);
  });
});

describe('safeReturnUrl', () => {
  it('never returns to the login or set-password page', () => {
    expect(safeReturnUrl('/login?returnUrl=%2F')).toBe('/');
    expect(safeReturnUrl('/set-password')).toBe('/');
    expect(safeReturnUrl('/\\evil.example')).toBe('/');
    expect(safeReturnUrl('/datasets')).toBe('/datasets');
  });
});
