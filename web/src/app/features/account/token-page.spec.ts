import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { signIn, tokenDto } from '../../testing/auth-fixtures';
import { TOKENS_URL } from './token.service';
import { TokenPage } from './token-page';

const SECRET = 'medseg_newtok123456_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlYw';

describe('TokenPage', () => {
  let fixture: ComponentFixture<TokenPage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TokenPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn('researcher');
    fixture = TestBed.createComponent(TokenPage);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  function byTestId<T extends HTMLElement = HTMLElement>(id: string): T | null {
    return fixture.nativeElement.querySelector(`[data-testid="${id}"]`);
  }

  function rows(): string[] {
    return Array.from<HTMLElement>(
      fixture.nativeElement.querySelectorAll('[data-testid="token-row"]'),
    ).map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
  }

  function type(id: string, value: string): void {
    const input = byTestId<HTMLInputElement>(id)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function create(name: string, days = ''): Promise<void> {
    type('token-name', name);
    type('token-days', days);
    await fixture.whenStable();
    byTestId<HTMLButtonElement>('token-create')!.click();
    await fixture.whenStable();
  }

  it('lists the tokens with prefix, dates and when each was last used', async () => {
    http
      .expectOne(TOKENS_URL)
      .flush([
        tokenDto({ lastUsedAt: '2026-11-30T17:00:00.000Z' }),
        tokenDto({ id: 'tok2', name: 'old laptop', expiresAt: '2026-01-01T00:00:00.000Z' }),
      ]);
    await settle();

    const [first, second] = rows();
    expect(first).toContain('batch script');
    expect(first).toContain('medseg_tok12345…');
    expect(first).toContain('Never');
    expect(first).toContain('Nov 30, 2026');
    expect(second).toContain('old laptop');
    expect(second).toContain('Expired Jan 1, 2026');
  });

  it('shows a new token once with a copy button, and never again after Done', async () => {
    http.expectOne(TOKENS_URL).flush([]);
    await settle();
    expect(fixture.nativeElement.textContent).toContain('No tokens yet');

    await create('notebook', '30');
    const req = http.expectOne((r) => r.url === TOKENS_URL && r.method === 'POST');
    expect(req.request.body).toEqual({ name: 'notebook', expiresInDays: 30 });
    req.flush({ token: tokenDto({ id: 'newtok', name: 'notebook' }), secret: SECRET });
    await settle();

    expect(byTestId('token-secret')?.textContent).toContain(SECRET);
    expect(byTestId('token-secret-copy')?.getAttribute('aria-label')).toBe('Copy the token');
    expect(byTestId('token-created')?.textContent).toContain('you will not see this token again');
    expect(rows()[0]).toContain('notebook');
    expect(byTestId<HTMLInputElement>('token-name')!.value).toBe('');

    byTestId<HTMLButtonElement>('token-done')!.click();
    await settle();
    expect(byTestId('token-secret')).toBeNull();
    expect(fixture.nativeElement.textContent).not.toContain(SECRET);
  });

  it('creates a token that never expires when no days are given', async () => {
    http.expectOne(TOKENS_URL).flush([]);
    await settle();

    await create('cron job');
    const req = http.expectOne((r) => r.method === 'POST');
    expect(req.request.body).toEqual({ name: 'cron job', expiresInDays: null });
    req.flush({ token: tokenDto({ name: 'cron job' }), secret: SECRET });
    await settle();
  });

  it('refuses an expiry that is not a whole number of days', async () => {
    http.expectOne(TOKENS_URL).flush([]);
    await settle();

    type('token-name', 'x');
    type('token-days', '1.5');
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('Enter 1 to 3650 days');
    expect(byTestId<HTMLButtonElement>('token-create')!.disabled).toBe(true);
  });

  it('revokes a token after confirmation', async () => {
    http.expectOne(TOKENS_URL).flush([tokenDto()]);
    await settle();
    const revoke = byTestId<HTMLButtonElement>('token-revoke')!;
    expect(revoke.getAttribute('aria-label')).toBe('Revoke the token batch script');

    revoke.click();
    await settle();
    expect(document.querySelector('mat-dialog-container')?.textContent).toContain(
      'Revoke “batch script”?',
    );
    document.querySelector<HTMLElement>('[data-testid="confirm-ok"]')!.click();
    await settle();
    http
      .expectOne((r) => r.url === `${TOKENS_URL}/tok1234567ab` && r.method === 'DELETE')
      .flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(rows()).toEqual([]);
  });
});
