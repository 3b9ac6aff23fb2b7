import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { ADMIN_SETTINGS_URL, type Settings } from './settings.service';
import { SettingsPage } from './settings-page';

const AT_START: Settings = { storeInferenceInputs: true, updatedAt: null, updatedBy: null };

describe('SettingsPage', () => {
  let fixture: ComponentFixture<SettingsPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [SettingsPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SettingsPage);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
    await fixture.whenStable();
  }

  function el<T extends HTMLElement>(testId: string): T | null {
    return (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${testId}"]`);
  }
  const toggle = () =>
    el<HTMLElement>('settings-store-inputs')!.querySelector<HTMLButtonElement>('button')!;

  it('shows the setting as the gateway has it and who changed it last', async () => {
    http
      .expectOne(ADMIN_SETTINGS_URL)
      .flush({
        storeInferenceInputs: false,
        updatedAt: '2026-12-01T10:00:00.000Z',
        updatedBy: 'root',
      });
    await settle();
    expect(toggle().getAttribute('aria-checked')).toBe('false');
    expect(el('settings-updated')!.textContent).toContain('by root');
  });

  it('turns storing inputs off with a PUT and shows what the gateway answered', async () => {
    http.expectOne(ADMIN_SETTINGS_URL).flush(AT_START);
    await settle();
    expect(el('settings-updated')!.textContent).toContain('values the server was started with');

    toggle().click();
    const put = http.expectOne((r) => r.method === 'PUT' && r.url === ADMIN_SETTINGS_URL);
    expect(put.request.body).toEqual({ storeInferenceInputs: false });
    put.flush({
      storeInferenceInputs: false,
      updatedAt: '2026-12-01T11:00:00.000Z',
      updatedBy: 'root',
    });
    await settle();
    expect(toggle().getAttribute('aria-checked')).toBe('false');
  });

  it('keeps the toggle where the gateway has it when the change is refused', async () => {
    http.expectOne(ADMIN_SETTINGS_URL).flush(AT_START);
    await settle();

    toggle().click();
    http
      .expectOne((r) => r.method === 'PUT')
      .flush({ message: 'S3 unavailable' }, { status: 503, statusText: 'Service Unavailable' });
    await settle();
    expect(toggle().getAttribute('aria-checked')).toBe('true');
  });

  it('says why the settings could not be loaded', async () => {
    http
      .expectOne(ADMIN_SETTINGS_URL)
      .flush({ message: 'Only an admin may do this' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(el('settings-error')!.textContent).toContain('Only an admin may do this');
  });
});
