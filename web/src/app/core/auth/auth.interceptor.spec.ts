import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { signIn } from '../../testing/auth-fixtures';
import { authInterceptor } from './auth.interceptor';
import { AUTH_URL, AuthService } from './auth.service';

@Component({ template: '' })
class Stub {}

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: Stub },
          { path: 'training/:id', component: Stub },
        ]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    router = TestBed.inject(Router);
    await signIn();
    await router.navigateByUrl('/training/m1');
  });

  afterEach(() => http.verify());

  async function answer(url: string, status: number): Promise<unknown> {
    const request = firstValueFrom(client.get(url)).catch((e: unknown) => e);
    http.expectOne(url).flush({ message: 'x' }, { status, statusText: 'x' });
    const result = await request;
    await TestBed.inject(Router).navigated;
    await new Promise((resolve) => setTimeout(resolve));
    return result;
  }

  it('sends the browser to sign in, and back here after, when a call answers 401', async () => {
    const error = await answer('/api/models', 401);

    expect(error).toMatchObject({ status: 401 });
    expect(router.url).toBe('/login?returnUrl=%2Ftraining%2Fm1');
    expect(TestBed.inject(AuthService).me()).toBeNull();
  });

  it('leaves the 401 of the sign-in calls to the page that made them', async () => {
    for (const path of ['me', 'login', 'login-link', 'password']) {
      await answer(`${AUTH_URL}/${path}`, 401);
    }
    expect(router.url).toBe('/training/m1');
    expect(TestBed.inject(AuthService).me()).not.toBeNull();
  });

  it('lets other errors through without leaving the page', async () => {
    await answer('/api/models', 403);
    await answer('/api/models', 500);
    expect(router.url).toBe('/training/m1');
  });

  it('ignores a 401 from outside the API', async () => {
    await answer('/assets/x.json', 401);
    expect(router.url).toBe('/training/m1');
  });

  it('does not stack login pages when already there', async () => {
    await router.navigateByUrl('/login?returnUrl=%2Fdatasets');
    await answer('/api/models', 401);
    expect(router.url).toBe('/login?returnUrl=%2Fdatasets');
  });
});
