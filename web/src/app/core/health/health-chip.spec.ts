import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type HealthReport } from './health.model';
import { HealthChip } from './health-chip';
import { HEALTH_URL } from './health.service';

function report(down: string[]): HealthReport {
  const names = ['sqlite', 's3', 'ml-service'];
  return {
    status: down.length ? 'down' : 'up',
    dependencies: names.map((name) => ({
      name,
      status: down.includes(name) ? 'down' : 'up',
      latencyMs: 7,
      detail: down.includes(name) ? `${name} unavailable` : `${name} ok`,
    })),
  };
}

describe('HealthChip', () => {
  let fixture: ComponentFixture<HealthChip>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [HealthChip],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(HealthChip);
  });

  function chip(): HTMLElement {
    return fixture.nativeElement.querySelector('[data-testid="health-chip"]');
  }

  async function openMenu(): Promise<void> {
    chip().click();
    await fixture.whenStable();
  }

  function depRow(name: string): HTMLElement | null {
    // The menu renders in an overlay attached to the document body, outside the fixture.
    return document.querySelector(`[data-testid="health-dep-${name}"]`);
  }

  it('shows a grey chip while the first check runs', async () => {
    await fixture.whenStable();
    expect(chip().textContent).toContain('Checking');
    expect(chip().dataset['status']).toBe('unknown');
    http.expectOne(HEALTH_URL).flush(report([]));
  });

  it('shows a green "All systems up" chip and lists each dependency as up', async () => {
    http.expectOne(HEALTH_URL).flush(report([]));
    await fixture.whenStable();

    expect(chip().textContent).toContain('All systems up');
    expect(chip().dataset['status']).toBe('up');

    await openMenu();
    for (const name of ['sqlite', 's3', 'ml-service']) {
      const row = depRow(name);
      expect(row?.textContent).toContain(name);
      expect(row?.textContent).toContain('up');
      expect(row?.textContent).toContain('7 ms');
      expect(row?.dataset['status']).toBe('up');
    }
  });

  it('shows a red chip naming the dependency that is down', async () => {
    http
      .expectOne(HEALTH_URL)
      .flush(report(['ml-service']), { status: 503, statusText: 'Service Unavailable' });
    await fixture.whenStable();

    expect(chip().textContent).toContain('1 down: ml-service');
    expect(chip().dataset['status']).toBe('down');

    await openMenu();
    expect(depRow('ml-service')?.textContent).toContain('down');
    expect(depRow('ml-service')?.textContent).toContain('ml-service unavailable');
    expect(depRow('sqlite')?.dataset['status']).toBe('up');
  });

  it('shows a grey "Gateway unreachable" chip when the gateway does not answer', async () => {
    http.expectOne(HEALTH_URL).error(new ProgressEvent('error'));
    await fixture.whenStable();

    expect(chip().textContent).toContain('Gateway unreachable');
    expect(chip().dataset['status']).toBe('unknown');

    await openMenu();
    expect(document.querySelector('[data-testid="health-unreachable"]')?.textContent).toContain(
      'network error',
    );
    expect(depRow('sqlite')).toBeNull();
  });
});
