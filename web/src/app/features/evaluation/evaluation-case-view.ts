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
import { VolumeViewer } from '../../shared/volume-viewer/volume-viewer';
import { inferenceResultFiles } from '../../shared/volume-viewer/volume-file.service';
import { type ViewerInput } from '../../shared/volume-viewer/volume-viewer.model';
import { fileWindow } from '../../shared/volume-viewer/window-presets';
import { type VolumeResultDto } from '../inference/inference.model';
import { VolumeFacts } from '../inference/volume-facts';
import { type EvaluationImageDto, sizeText } from './evaluation.model';
import { EvaluationService } from './evaluation.service';

/**
 * One evaluated case segmented again as a whole volume (`segment-case`, kept in the model's
 * inference history): the volume viewer with the prediction and the case's mask, and the scores
 * per class. Closing the dialog while it runs cancels the request.
 */
@Component({
  selector: 'app-evaluation-case-view',
  imports: [MatProgressBar, VolumeFacts, VolumeViewer],
  template: `
    @if (loading()) {
      <div class="running" data-testid="image-dialog-running">
        <mat-progress-bar mode="indeterminate" aria-label="Segmenting the case" />
        <p class="muted">Segmenting the whole case ({{ size() }})…</p>
      </div>
    }
    @if (error(); as error) {
      <p class="error" role="alert">Could not segment this case: {{ error }}</p>
    }
    @if (result(); as result) {
      <div class="case">
        @if (viewerInput(); as viewer) {
          <app-volume-viewer testId="image-dialog-volume" [input]="viewer" />
        } @else {
          <p class="muted">The input was not kept (storing inference inputs is off).</p>
        }
        <app-volume-facts [result]="result" />
      </div>
    } @else if (image().error && !loading()) {
      <p class="error">This case failed in the evaluation: {{ image().error }}</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 12px;
      /* Room for the floating label of the viewer's first field at the top of the dialog. */
      padding-top: 8px;
      --volume-viewer-max-height: calc(80vh - 330px);
    }
    /* The scores beside the viewer, where the dialog is wide enough; under it otherwise. */
    .case {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      align-items: start;
      gap: 16px 24px;
      @media (max-width: 1100px) {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .running {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .running p {
      margin: 0;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class EvaluationCaseView {
  private readonly evaluations = inject(EvaluationService);

  readonly modelId = input.required<string>();
  readonly datasetId = input.required<string>();
  /** A report item of kind "volume" (its `caseIndex`). */
  readonly image = input.required<EvaluationImageDto>();

  protected readonly result = signal<VolumeResultDto | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly size = computed(() => sizeText(this.image()));
  private request: Subscription | null = null;

  protected readonly viewerInput = computed((): ViewerInput | null => {
    const result = this.result();
    if (!result?.hasImage) return null;
    return {
      ...inferenceResultFiles(result.id, result.hasGroundTruth),
      labels: result.labels,
      labelValues: result.labelValues,
      fileWindow: fileWindow(result.windowCenter, result.windowWidth),
    };
  });

  constructor() {
    effect(() => {
      const image = this.image();
      untracked(() => this.load(image));
    });
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  private load(image: EvaluationImageDto): void {
    this.request?.unsubscribe();
    this.result.set(null);
    this.error.set(null);
    if (image.caseIndex === null) {
      this.error.set('The report names no dataset case for this volume.');
      return;
    }
    this.loading.set(true);
    this.request = this.evaluations
      .segmentCase(this.modelId(), this.datasetId(), image.caseIndex)
      .subscribe({
        next: (result) => {
          this.result.set(result);
          this.loading.set(false);
        },
        error: (error: unknown) => {
          this.error.set(errorMessage(error));
          this.loading.set(false);
        },
      });
  }
}
