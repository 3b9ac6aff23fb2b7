import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ModelGainPanel } from './model-gain-panel';
import { type ModelGainDto } from './model-gain.model';

function gain(overrides: Partial<ModelGainDto> = {}): ModelGainDto {
  return {
    modelId: 'child',
    parentModelId: 'parent',
    datasetVersion: 3,
    state: 'completed',
    parentEvaluation: null,
    childEvaluation: null,
    caseCount: 6,
    sameCases: true,
    metrics: [
      { metric: 'dice', parent: 0.7, child: 0.75, difference: 0.05, higherIsBetter: true },
      { metric: 'hausdorff95', parent: 4, child: 5, difference: 1, higherIsBetter: false },
    ],
    perClass: [],
    ...overrides,
  };
}

describe('ModelGainPanel', () => {
  function setup(status = 'completed') {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const fixture = TestBed.createComponent(ModelGainPanel);
    fixture.componentRef.setInput('modelId', 'child');
    fixture.componentRef.setInput('modelStatus', status);
    fixture.componentRef.setInput('canStart', true);
    fixture.detectChanges();
    return { fixture, http: TestBed.inject(HttpTestingController) };
  }
  const settle = async (fixture: ReturnType<typeof setup>['fixture']) => {
    // The HTTP answer reaches the component through a few awaits.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    fixture.detectChanges();
  };

  it('shows parent, child and the difference on the same cases, better up for Dice and down for HD95', async () => {
    const { fixture, http } = setup();
    http.expectOne('/api/models/child/gain').flush(
      gain({
        parentEvaluation: { id: 'ep' } as ModelGainDto['parentEvaluation'],
        childEvaluation: { id: 'ec' } as ModelGainDto['childEvaluation'],
      }),
    );
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="gain-cases"]')?.textContent).toContain(
      'same 6 validation cases of dataset version 3',
    );
    const dice = el.querySelector('[data-metric="dice"]')!;
    expect(dice.textContent).toContain('0.700');
    expect(dice.textContent).toContain('0.750');
    expect(dice.querySelector('[data-testid="gain-difference"]')?.textContent?.trim()).toBe(
      '+0.050',
    );
    expect(dice.querySelector('.better')).not.toBeNull();
    expect(el.querySelector('[data-metric="hausdorff95"] .worse')).not.toBeNull();
    expect(el.querySelector('[data-testid="gain-parent-evaluation"]')?.getAttribute('href')).toBe(
      '/evaluations/ep',
    );
    expect(el.querySelector('[data-testid="gain-child-evaluation"]')?.getAttribute('href')).toBe(
      '/evaluations/ec',
    );
  });

  it('says the evaluations run, and offers to start them when missing', async () => {
    const { fixture, http } = setup('training');
    http
      .expectOne('/api/models/child/gain')
      .flush(gain({ state: 'not-started', metrics: [], caseCount: null }));
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="gain-state"]')?.getAttribute('data-state')).toBe(
      'not-started',
    );
    (el.querySelector('[data-testid="gain-start"]') as HTMLButtonElement).click();
    const post = http.expectOne({ method: 'POST', url: '/api/models/child/gain' });
    post.flush(gain({ state: 'running', metrics: [], caseCount: null }));
    await settle(fixture);
    expect(el.querySelector('[data-testid="gain-state"]')?.textContent).toContain(
      'Evaluating both models',
    );
    expect(el.querySelector('mat-progress-bar')).not.toBeNull();
    expect(el.querySelector('[data-testid="gain-start"]')).toBeNull();
  });

  it('shows why the gain could not be read', async () => {
    const { fixture, http } = setup();
    http
      .expectOne('/api/models/child/gain')
      .flush({ message: 'Model x was not fine-tuned' }, { status: 409, statusText: 'Conflict' });
    await settle(fixture);
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('[data-testid="gain-error"]')
        ?.textContent,
    ).toContain('not fine-tuned');
  });
});
