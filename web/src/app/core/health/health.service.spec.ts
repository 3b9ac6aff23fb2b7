import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type HealthReport } from './health.model';
import { HEALTH_URL, HealthService } from './health.service';

const allUp: HealthReport = {
  status: 'up',
  dependencies: [
    { name: 'sqlite', status: 'up', latencyMs: 1, detail: 'SQLite data/medseg.db' },
    { name: 's3', status: 'up', latencyMs: 4, detail: 'S3 bucket medseg at 127.0.0.1:8333' },
    { name: 'ml-service', status: 'up', latencyMs: 3, detail: 'ml-service at 127.0.0.1:50051' },
  ],
};

const mlDown: HealthReport = {
  status: 'down',
  dependencies: [
    allUp.dependencies[0],
    allUp.dependencies[1],
    {
      name: 'ml-service',
      status: 'down',
      latencyMs: 2002,
      detail: 'ml-service unavailable at 127.0.0.1:50051',
    },
  ],
};

describe('HealthService', () => {
  let http: HttpTestingController;

  function createService(): HealthService {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(HealthService);
  }

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  it('is checking until the first answer arrives', () => {
    const health = createService();
    expect(health.state()).toEqual({ kind: 'checking' });
    expect(health.checking()).toBe(true);
    http.expectOne(HEALTH_URL).flush(allUp);
    expect(health.checking()).toBe(false);
  });

  it('reports every dependency up from a 200 body', () => {
    const health = createService();
    http.expectOne(HEALTH_URL).flush(allUp);

    expect(health.state().kind).toBe('reported');
    expect(health.report()).toEqual(allUp);
    expect(health.down()).toEqual([]);
    expect(health.checkedAt()).toBeInstanceOf(Date);
  });

  it('treats a 503 body as a report, not as an error', () => {
    const health = createService();
    http.expectOne(HEALTH_URL).flush(mlDown, { status: 503, statusText: 'Service Unavailable' });

    expect(health.state().kind).toBe('reported');
    expect(health.report()?.status).toBe('down');
    expect(health.down().map((d) => d.name)).toEqual(['ml-service']);
    expect(health.down()[0].detail).toBe('ml-service unavailable at 127.0.0.1:50051');
  });

  it('reports the bare status that users who are not admins get', () => {
    const health = createService();
    http.expectOne(HEALTH_URL).flush({ status: 'up' });

    expect(health.state().kind).toBe('reported');
    expect(health.report()).toEqual({ status: 'up', dependencies: [] });
    expect(health.down()).toEqual([]);
  });

  it('reports the gateway unreachable on a network error', () => {
    const health = createService();
    http.expectOne(HEALTH_URL).error(new ProgressEvent('error'));

    const state = health.state();
    expect(state.kind).toBe('unreachable');
    expect(state.kind === 'unreachable' && state.reason).toContain('network error');
    expect(health.report()).toBeNull();
    expect(health.dependencies()).toEqual([]);
  });

  it('reports the gateway unreachable when the answer is not a health report', () => {
    const health = createService();
    http
      .expectOne(HEALTH_URL)
      .flush('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' });

    const state = health.state();
    expect(state.kind).toBe('unreachable');
    expect(state.kind === 'unreachable' && state.reason).toContain('HTTP 502');
  });

  it('polls every 5 s and checks at once on demand', () => {
    vi.useFakeTimers();
    const health = createService();
    http.expectOne(HEALTH_URL).flush(allUp);

    vi.advanceTimersByTime(4_999);
    http.expectNone(HEALTH_URL);
    vi.advanceTimersByTime(1);
    http.expectOne(HEALTH_URL).flush(mlDown, { status: 503, statusText: 'Service Unavailable' });
    expect(health.down().length).toBe(1);

    health.refresh();
    http.expectOne(HEALTH_URL).flush(allUp);
    expect(health.down()).toEqual([]);
  });

  it('keeps the last report on screen while the next check is in flight', () => {
    vi.useFakeTimers();
    const health = createService();
    http.expectOne(HEALTH_URL).flush(allUp);

    vi.advanceTimersByTime(5_000);
    const pending = http.expectOne(HEALTH_URL);
    expect(health.checking()).toBe(true);
    expect(health.report()).toEqual(allUp);
    pending.flush(allUp);
  });
});
