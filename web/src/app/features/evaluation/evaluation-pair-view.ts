import { DecimalPipe } from '@angular/common';
import {
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatProgressBar } from '@angular/material/progress-bar';
import { type Subscription } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { type LabelName } from '../../shared/label-names';
import { FlatResultViewer } from '../inference/flat-result-viewer';
import { type SegmentResultDto } from '../inference/inference.model';
import { type EvaluationImageDto } from './evaluation.model';
import { EvaluationService } from './evaluation.service';

/**
 * One evaluated 2D image segmented again (`segment-pair`, not kept): its picture in the viewer with
 * the prediction and the ground truth as label overlays, and its scores.
 */
@Component({
  selector: 'app-evaluation-pair-view',
  imports: [DecimalPipe, FlatResultViewer, MatProgressBar],
  template: `
    <div class="loading-slot">
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Segmenting" />
      }
    </div>
    @if (error(); as error) {
      <p class="error" role="alert">Could not segment this image: {{ error }}</p>
    }
    @if (result(); as result) {
      <app-flat-result-viewer testId="image-dialog-viewer" [result]="result" [labels]="labels()" />
      <p class="scores" data-testid="image-dialog-dice">
        Dice <strong>{{ result.dice === null ? '–' : (result.dice | number: '1.3-3') }}</strong> ·
        IoU <strong>{{ result.iou === null ? '–' : (result.iou | number: '1.3-3') }}</strong>
        @if (image().hausdorff95 !== null) {
          · HD95 {{ image().hausdorff95 | number: '1.2-2' }} px
        }
        @if (image().surfaceDistance !== null) {
          · ASD {{ image().surfaceDistance | number: '1.2-2' }} px
        }
      </p>
    } @else if (image().error) {
      <p class="error">This image failed in the evaluation: {{ image().error }}</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      --volume-viewer-max-height: calc(80vh - 270px);
    }
    .loading-slot {
      height: 4px;
    }
    .scores {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .error {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class EvaluationPairView {
  private readonly evaluations = inject(EvaluationService);

  readonly modelId = input.required<string>();
  readonly datasetId = input.required<string>();
  readonly image = input.required<EvaluationImageDto>();

  protected readonly result = signal<SegmentResultDto | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The names the evaluation gave the model's classes. */
  protected readonly labels = computed((): LabelName[] =>
    this.image().perClass.map((c) => ({ value: c.labelValue, name: c.name })),
  );
  private request: Subscription | null = null;

  constructor() {
    effect(() => {
      const image = this.image();
      untracked(() => this.load(image));
    });
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  private load(image: EvaluationImageDto): void {
    this.request?.unsubscribe();
    this.loading.set(true);
    this.error.set(null);
    this.request = this.evaluations
      .segmentPair(this.modelId(), this.datasetId(), image.pairIndex)
      .subscribe({
        next: (result) => {
          this.result.set(result);
          this.loading.set(false);
        },
        error: (error: unknown) => {
          this.result.set(null);
          this.error.set(errorMessage(error));
          this.loading.set(false);
        },
      });
  }
}
