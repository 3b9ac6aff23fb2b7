import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { modelDetailDto, postProcessingDto } from '../../testing/model-fixtures';
import { ModelInfo } from './model-info';
import { type ModelDetailDto } from './model.model';

describe('ModelInfo', () => {
  function render(model: ModelDetailDto): HTMLElement {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(ModelInfo);
    fixture.componentRef.setInput('model', model);
    fixture.detectChanges();
    return fixture.nativeElement;
  }

  /** The post-processing card's rows as "term: value". */
  function rows(el: HTMLElement): string[] {
    return Array.from(el.querySelectorAll('[data-testid="model-post-processing"] dt')).map(
      (dt) => `${dt.textContent?.trim()}: ${dt.nextElementSibling?.textContent?.trim()}`,
    );
  }

  it('names the post-processing classes by index and label, with their Dice before and after', () => {
    const el = render(modelDetailDto({ postProcessing: postProcessingDto() }));
    expect(rows(el)).toEqual([
      'Largest component: class 1 (lesion)',
      'Drop components: < 17 px: class 1 (lesion)',
      'Dice class 1 (lesion): 0.800 → 0.845',
      'Chosen on: 4 validation cases',
    ]);
    expect(el.querySelector('[data-testid="model-post-processing-note"]')?.textContent).toContain(
      'validation slices predicted with the best weights',
    );
  });

  it('says None with the note when nothing was chosen, and when a model predates it', () => {
    const none = postProcessingDto({
      largestComponentClasses: [],
      minComponentSize: [],
      validationDice: [],
      validationCases: 0,
      note: 'not chosen: the training was stopped early',
    });
    const el = render(modelDetailDto({ postProcessing: none }));
    expect(rows(el)).toEqual(['Filters: None']);
    expect(el.querySelector('[data-testid="model-post-processing-note"]')?.textContent).toContain(
      'not chosen: the training was stopped early',
    );

    TestBed.resetTestingModule();
    expect(render(modelDetailDto()).textContent).toContain('None recorded');
  });
});
