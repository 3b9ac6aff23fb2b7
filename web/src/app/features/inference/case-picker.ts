import { Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { AuthService } from '../../core/auth/auth.service';
import { FORM_FIELDS, SELECT_FIELD } from '../../shared/form-imports';
import { datasetChoiceLabel } from '../datasets/dataset.model';
import { InferenceService } from './inference.service';

/**
 * A ready dataset with volumes and one of its cases: the whole case is segmented once, with its
 * mask as ground truth and the scores per class.
 */
@Component({
  selector: 'app-case-picker',
  imports: [...FORM_FIELDS, ...SELECT_FIELD, MatButton],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>Dataset</mat-label>
      <mat-select
        data-testid="inference-case-dataset"
        [value]="inference.casesDatasetId()"
        (valueChange)="inference.loadCases($event)"
      >
        @for (dataset of inference.datasets() ?? []; track dataset.id) {
          <mat-option [value]="dataset.id">{{
            datasetChoiceLabel(dataset, auth.meId())
          }}</mat-option>
        } @empty {
          <mat-option disabled>No ready dataset</mat-option>
        }
      </mat-select>
    </mat-form-field>
    @if (inference.casesLoading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading cases" />
    }
    @if (inference.casesError(); as error) {
      <p class="message tone-error" role="alert">
        <mat-icon aria-hidden="true">error</mat-icon>{{ error }}
      </p>
    }
    @if (inference.casesDatasetId() && !inference.casesLoading() && !labeled().length) {
      <p class="muted" data-testid="inference-no-cases">
        This dataset has no labelled volume to segment whole; pick one of its pairs instead.
      </p>
    }
    @if (inference.casesDatasetId() && labeled().length) {
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Case</mat-label>
        <mat-select
          data-testid="inference-case"
          [value]="caseIndex()"
          (valueChange)="caseIndex.set($event)"
        >
          @for (c of labeled(); track c.index) {
            <mat-option [value]="c.index">
              {{ c.name }} · {{ c.width }} × {{ c.height }} × {{ c.depth }}
            </mat-option>
          }
        </mat-select>
      </mat-form-field>
      <button
        matButton="filled"
        type="button"
        data-testid="inference-case-segment"
        [disabled]="caseIndex() === null || inference.running() || !inference.selectedId()"
        (click)="segment()"
      >
        Segment the whole case
      </button>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .muted {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CasePicker {
  protected readonly inference = inject(InferenceService);
  protected readonly auth = inject(AuthService);
  protected readonly datasetChoiceLabel = datasetChoiceLabel;
  protected readonly caseIndex = signal<number | null>(null);

  /** Only labelled cases: a case is scored against its mask. */
  protected readonly labeled = computed(() => this.inference.cases().filter((c) => !c.unlabeled));

  protected segment(): void {
    const datasetId = this.inference.casesDatasetId();
    const item = this.labeled().find((c) => c.index === this.caseIndex());
    if (datasetId && item) this.inference.segmentCase(datasetId, item.index, item.name);
  }
}
