import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MODELS_URL } from '../../shared/api-urls';
import { signIn } from '../../testing/auth-fixtures';
import { datasetDto, page } from '../../testing/dataset-fixtures';
import { evaluationDto } from '../../testing/evaluation-fixtures';
import { DATASETS_URL } from '../datasets/dataset.service';
import { EvaluateDialog, type EvaluateDialogData } from './evaluate-dialog';

describe('EvaluateDialog', () => {
  const dataset = datasetDto();
  const data: EvaluateDialogData = {
    model: {
      id: 'm1',
      name: 'small',
      version: 1,
      datasetId: dataset.id,
      datasetName: dataset.name,
    },
  };
  const closed: unknown[] = [];

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [EvaluateDialog],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close: (v: unknown) => closed.push(v) } },
      ],
    });
    await signIn('researcher');
  });

  it('sends a changed NSD tolerance as surfaceToleranceMm and mirroring when ticked', async () => {
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(EvaluateDialog);
    fixture.detectChanges();
    http.expectOne((r) => r.url === DATASETS_URL).flush(page([dataset]));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const input = el.querySelector<HTMLInputElement>('[data-testid="evaluate-tolerance"]')!;
    expect(input.value).toBe('1');
    input.value = '2.5';
    input.dispatchEvent(new Event('input'));
    el.querySelector<HTMLElement>('[data-testid="evaluate-mirroring"] input')!.click();
    el.querySelector<HTMLButtonElement>('[data-testid="evaluate-submit"]')!.click();
    const req = http.expectOne(`${MODELS_URL}/m1/evaluations`);
    expect(req.request.body).toEqual({
      datasetId: dataset.id,
      subset: 'validation',
      surfaceToleranceMm: 2.5,
      testTimeMirroring: true,
    });
    req.flush(evaluationDto());
    await fixture.whenStable();
    expect(closed).toHaveLength(1);
    http.verify();
  });
});
