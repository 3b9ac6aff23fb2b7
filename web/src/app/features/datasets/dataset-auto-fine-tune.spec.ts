import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { modelDto } from '../../testing/model-fixtures';
import { type AutoFineTuneDto } from './auto-fine-tune.service';
import { DatasetAutoFineTune } from './dataset-auto-fine-tune';

function rule(overrides: Partial<AutoFineTuneDto> = {}): AutoFineTuneDto {
  return {
    datasetId: 'd1',
    enabled: false,
    modelId: null,
    newMasks: 10,
    updatedAt: null,
    updatedBy: null,
    nextFromModelId: null,
    sinceVersion: 1,
    newMasksSince: 0,
    activeModelId: null,
    lastModelId: null,
    ...overrides,
  };
}

describe('DatasetAutoFineTune', () => {
  function setup(canChange: boolean) {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const fixture = TestBed.createComponent(DatasetAutoFineTune);
    fixture.componentRef.setInput('datasetId', 'd1');
    fixture.componentRef.setInput('canChange', canChange);
    fixture.detectChanges();
    return {
      fixture,
      http: TestBed.inject(HttpTestingController),
      el: fixture.nativeElement as HTMLElement,
    };
  }
  const settle = async (fixture: ReturnType<typeof setup>['fixture']) => {
    // The HTTP answer reaches the component through a few awaits.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    fixture.detectChanges();
  };

  it('shows where the rule stands, read-only for someone who may not change it', async () => {
    const { fixture, http, el } = setup(false);
    http.expectOne('/api/datasets/d1/auto-fine-tune').flush(
      rule({
        enabled: true,
        modelId: 'm1',
        newMasks: 5,
        newMasksSince: 2,
        sinceVersion: 3,
        activeModelId: 'm2',
      }),
    );
    await settle(fixture);
    const status = el.querySelector('[data-testid="auto-fine-tune-status"]')?.textContent ?? '';
    expect(status).toContain('after 5 new masks');
    expect(status).toContain('2 of 5 since version 3');
    expect(status).toContain('Waiting for');
    expect(el.querySelector('form')).toBeNull();
  });

  it('lets the owner turn it on with a completed model of this dataset', async () => {
    const { fixture, http, el } = setup(true);
    http.expectOne('/api/datasets/d1/auto-fine-tune').flush(rule());
    http
      .expectOne((r) => r.url === '/api/models' && r.params.get('status') === 'completed')
      .flush({
        items: [
          modelDto({ id: 'other', datasetId: 'd2' }),
          modelDto({ id: 'm1', datasetId: 'd1' }),
        ],
      });
    await settle(fixture);
    expect(el.querySelector('[data-testid="auto-fine-tune-status"]')?.textContent).toContain('Off');
    (
      el.querySelector('[data-testid="auto-fine-tune-enabled"] button') as HTMLButtonElement
    ).click();
    const count = el.querySelector('[data-testid="auto-fine-tune-count"]') as HTMLInputElement;
    count.value = '3';
    count.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    (el.querySelector('[data-testid="auto-fine-tune-save"]') as HTMLButtonElement).click();
    const put = http.expectOne({ method: 'PUT', url: '/api/datasets/d1/auto-fine-tune' });
    expect(put.request.body).toEqual({ enabled: true, modelId: 'm1', newMasks: 3 });
    put.flush(rule({ enabled: true, modelId: 'm1', newMasks: 3, nextFromModelId: 'm1' }));
    await settle(fixture);
    expect(el.querySelector('[data-testid="auto-fine-tune-status"]')?.textContent).toContain(
      'after 3 new masks',
    );
  });
});
