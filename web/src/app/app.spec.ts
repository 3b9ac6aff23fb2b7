import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { BreakpointObserver, type BreakpointState } from '@angular/cdk/layout';
import { of } from 'rxjs';
import { App, COMPACT_QUERY, NARROW_QUERY } from './app';
import { routes } from './app.routes';
import { AuthService } from './core/auth/auth.service';
import { ME_URL, meDto, signIn } from './testing/auth-fixtures';

describe('App', () => {
  let fixture: ComponentFixture<App>;
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter(routes), provideHttpClient(), provideHttpClientTesting()],
    });
    router = TestBed.inject(Router);
    fixture = TestBed.createComponent(App);
  });

  /** Signs in (GET /api/auth/me) and opens the home page, as the app does at start-up. */
  async function start(role: 'viewer' | 'researcher' | 'admin' = 'researcher'): Promise<void> {
    await signIn(role);
    await navigate('/');
  }

  async function navigate(url: string): Promise<void> {
    await router.navigateByUrl(url);
    await fixture.whenStable();
  }

  function navLinks(): HTMLAnchorElement[] {
    return Array.from(fixture.nativeElement.querySelectorAll('mat-nav-list a'));
  }

  it('shows the product name, the health chip and the user menu in the toolbar', async () => {
    await start();
    const toolbar: HTMLElement = fixture.nativeElement.querySelector('mat-toolbar');
    expect(toolbar.textContent).toContain('MedSeg');
    expect(toolbar.querySelector('[data-testid="health-chip"]')).not.toBeNull();
    expect(toolbar.querySelector('[data-testid="user-menu"]')?.textContent).toContain(
      'Ada Lovelace',
    );
    expect(toolbar.querySelector('[data-testid="user-role"]')?.textContent).toContain('Researcher');
  });

  it('sends a visitor who is not signed in to the login page, without the app around it', async () => {
    const loaded = TestBed.inject(AuthService).whenLoaded();
    TestBed.inject(HttpTestingController)
      .expectOne(ME_URL)
      .flush(
        { statusCode: 401, message: 'Sign in first', error: 'Unauthorized' },
        { status: 401, statusText: 'Unauthorized' },
      );
    expect(await loaded).toBeNull();
    await navigate('/training');

    expect(router.url).toBe('/login?returnUrl=%2Ftraining');
    expect(fixture.nativeElement.querySelector('mat-toolbar')).toBeNull();
    expect(fixture.nativeElement.querySelector('h1')?.textContent).toContain('Sign in');
  });

  it('sends a user who came by login link to set a password first', async () => {
    await signIn(meDto({ mustSetPassword: true }));
    await navigate('/datasets');

    expect(router.url).toBe('/set-password?returnUrl=%2Fdatasets');
    expect(fixture.nativeElement.querySelector('h1')?.textContent).toContain('Set your password');
  });

  it('shows the Users and Audit log pages in the navigation to admins only', async () => {
    await start('admin');
    expect(navLinks().map((a) => a.getAttribute('href'))).toEqual(
      expect.arrayContaining(['/admin/users', '/admin/audit']),
    );
  });

  it('keeps the Users page from a researcher', async () => {
    await start('researcher');
    expect(navLinks().map((a) => a.getAttribute('href'))).not.toContain('/admin/users');
    expect(navLinks().map((a) => a.getAttribute('href'))).not.toContain('/admin/audit');

    await navigate('/admin/users');
    expect(router.url).toBe('/datasets');
  });

  it('renders navigation links to datasets, training, inference and compare', async () => {
    await start();
    const links = navLinks();
    expect(links.map((a) => a.textContent?.trim())).toEqual([
      expect.stringContaining('Datasets'),
      expect.stringContaining('Training'),
      expect.stringContaining('Inference'),
      expect.stringContaining('Compare'),
    ]);
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '/datasets',
      '/training',
      '/inference',
      '/compare',
    ]);
  });

  it('redirects / to the datasets page and marks its link as current', async () => {
    await start();

    expect(router.url).toBe('/datasets');
    expect(fixture.nativeElement.querySelector('h1')?.textContent).toContain('Datasets');
    const current = navLinks().filter((a) => a.getAttribute('aria-current') === 'page');
    expect(current.map((a) => a.getAttribute('href'))).toEqual(['/datasets']);
  });

  it('loads the training page lazily when its link is followed', async () => {
    await start();
    await navigate('/training');
    expect(fixture.nativeElement.querySelector('app-training-form')).not.toBeNull();

    expect(fixture.nativeElement.querySelector('h1')?.textContent).toContain('Training');
    expect(navLinks()[1].getAttribute('aria-current')).toBe('page');
  });

  it('offers the training form to researchers, not to viewers', async () => {
    await start('viewer');
    await navigate('/training');

    expect(fixture.nativeElement.querySelector('h1')?.textContent).toContain('Training');
    expect(fixture.nativeElement.querySelector('app-training-form')).toBeNull();
  });

  it('shows a not-found page for an unknown address', async () => {
    await start();
    await navigate('/no-such-page');

    expect(fixture.nativeElement.textContent).toContain('Page not found');
  });

  it('collapses the side navigation to icons with the toggle, keeping the labels for screen readers', async () => {
    await start();
    const toggle: HTMLButtonElement = fixture.nativeElement.querySelector(
      '[data-testid="nav-toggle"]',
    );
    const nav: HTMLElement = fixture.nativeElement.querySelector('[data-testid="app-nav"]');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-label')).toBe('Collapse the navigation');

    toggle.click();
    await fixture.whenStable();

    expect(nav.dataset['collapsed']).toBe('true');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-label')).toBe('Expand the navigation');
    expect(navLinks()[0].textContent).toContain('Datasets');

    toggle.click();
    await fixture.whenStable();
    expect(nav.dataset['collapsed']).toBe('false');
  });
});

describe('App at 1024 px', () => {
  it('starts with the side navigation collapsed to icons', async () => {
    const matches = new Set([COMPACT_QUERY]);
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideRouter(routes),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: BreakpointObserver,
          useValue: {
            observe: (query: string) =>
              of({ matches: matches.has(query), breakpoints: {} } satisfies BreakpointState),
          },
        },
      ],
    });
    const fixture = TestBed.createComponent(App);
    await signIn();
    await TestBed.inject(Router).navigateByUrl('/');
    await fixture.whenStable();

    const nav: HTMLElement = fixture.nativeElement.querySelector('[data-testid="app-nav"]');
    expect(matches.has(NARROW_QUERY)).toBe(false);
    expect(nav.dataset['collapsed']).toBe('true');
    expect(
      fixture.nativeElement.querySelector('[data-testid="nav-toggle"]').getAttribute('aria-label'),
    ).toBe('Expand the navigation');
  });
});
