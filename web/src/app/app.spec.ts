import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { BreakpointObserver, type BreakpointState } from '@angular/cdk/layout';
import { of } from 'rxjs';
import { App, COMPACT_QUERY, NARROW_QUERY } from './app';
import { routes } from './app.routes';

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
    await fixture.whenStable();
  });

  async function navigate(url: string): Promise<void> {
    await router.navigateByUrl(url);
    await fixture.whenStable();
  }

  function navLinks(): HTMLAnchorElement[] {
    return Array.from(fixture.nativeElement.querySelectorAll('mat-nav-list a'));
  }

  it('shows the product name and the health chip in the toolbar', () => {
    const toolbar: HTMLElement = fixture.nativeElement.querySelector('mat-toolbar');
    expect(toolbar.textContent).toContain('MedSeg');
    expect(toolbar.querySelector('[data-testid="health-chip"]')).not.toBeNull();
  });

  it('renders navigation links to datasets, training, inference and compare', () => {
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
    await navigate('/');

    expect(router.url).toBe('/datasets');
    expect(fixture.nativeElement.querySelector('h1')?.textContent).toContain('Datasets');
    const current = navLinks().filter((a) => a.getAttribute('aria-current') === 'page');
    expect(current.map((a) => a.getAttribute('href'))).toEqual(['/datasets']);
  });

  it('loads the training page lazily when its link is followed', async () => {
    await navigate('/training');

    expect(fixture.nativeElement.querySelector('h1')?.textContent).toContain('Training');
    expect(navLinks()[1].getAttribute('aria-current')).toBe('page');
  });

  it('shows a not-found page for an unknown address', async () => {
    await navigate('/no-such-page');

    expect(fixture.nativeElement.textContent).toContain('Page not found');
  });

  it('collapses the side navigation to icons with the toggle, keeping the labels for screen readers', async () => {
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
    await fixture.whenStable();

    const nav: HTMLElement = fixture.nativeElement.querySelector('[data-testid="app-nav"]');
    expect(matches.has(NARROW_QUERY)).toBe(false);
    expect(nav.dataset['collapsed']).toBe('true');
    expect(
      fixture.nativeElement.querySelector('[data-testid="nav-toggle"]').getAttribute('aria-label'),
    ).toBe('Expand the navigation');
  });
});
