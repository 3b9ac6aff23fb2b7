import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { ME_URL, meDto, signIn } from '../../testing/auth-fixtures';
import {
  adminGuard,
  mustSetPasswordGuard,
  passwordPendingGuard,
  signedInGuard,
} from './auth.guards';
import { AuthService } from './auth.service';

@Component({ template: '' })
class Stub {}

describe('auth guards', () => {
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: Stub },
          { path: 'set-password', component: Stub, canActivate: [passwordPendingGuard] },
          {
            path: '',
            canActivateChild: [signedInGuard, mustSetPasswordGuard],
            children: [
              { path: '', component: Stub },
              { path: 'datasets', component: Stub },
              { path: 'admin', component: Stub, canActivate: [adminGuard] },
            ],
          },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    router = TestBed.inject(Router);
  });

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('waits for the answer to "who is signed in" before letting a page open', async () => {
    const navigation = router.navigateByUrl('/datasets');
    await new Promise((resolve) => setTimeout(resolve));
    expect(router.url).toBe('/');
    TestBed.inject(HttpTestingController).expectOne(ME_URL).flush(meDto());

    expect(await navigation).toBe(true);
    expect(router.url).toBe('/datasets');
  });

  it('sends a visitor to the login page with the page to come back to', async () => {
    const loaded = TestBed.inject(AuthService).whenLoaded();
    TestBed.inject(HttpTestingController)
      .expectOne(ME_URL)
      .flush({ message: 'Sign in first' }, { status: 401, statusText: 'Unauthorized' });
    await loaded;

    await router.navigateByUrl('/datasets?page=2');
    expect(router.url).toBe('/login?returnUrl=%2Fdatasets%3Fpage%3D2');
  });

  it('holds a user with a login link on the set-password page', async () => {
    await signIn(meDto({ mustSetPassword: true }));

    await router.navigateByUrl('/admin');
    expect(router.url).toBe('/set-password?returnUrl=%2Fadmin');
  });

  it('sends a user who has a password away from the set-password page', async () => {
    await signIn('researcher');

    await router.navigateByUrl('/set-password?returnUrl=%2Fdatasets');
    expect(router.url).toBe('/datasets');
  });

  it('opens admin pages to admins only', async () => {
    await signIn('researcher');
    await router.navigateByUrl('/admin');
    expect(router.url).toBe('/');
  });

  it('opens admin pages to an admin', async () => {
    await signIn('admin');
    await router.navigateByUrl('/admin');
    expect(router.url).toBe('/admin');
  });
});
