import { DecimalPipe } from '@angular/common';
import { Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatTooltip } from '@angular/material/tooltip';
import { type Subscription } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { type SegmentResultDto } from '../inference/inference.model';
import { SegmentationViewer } from '../inference/segmentation-viewer';
import { type EvaluationImageDto } from './evaluation.model';
import { EvaluationService } from './evaluation.service';

export interface EvaluationImageDialogData {
  modelId: string;
  datasetId: string;
  /** The images in the order the table shows them; arrows step through them. */
  images: readonly EvaluationImageDto[];
  index: number;
}

/**
 * One evaluated image segmented again, prediction and ground truth side by side. Both panels
 * share zoom and pan, so a region can be compared at any magnification.
 */
@Component({
  selector: 'app-evaluation-image-dialog',
  imports: [
    DecimalPipe,
    MatButton,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
    MatIcon,
    MatIconButton,
    MatProgressBar,
    MatTooltip,
    SegmentationViewer,
  ],
  template: `
    <h2 mat-dialog-title class="title">
      <span class="name" data-testid="image-dialog-name">{{ image().name }}</span>
      <span class="muted"
        >pair {{ image().pairIndex }} · {{ image().width }} × {{ image().height }}</span
      >
    </h2>
    <mat-dialog-content class="content">
      <div class="loading-slot">
        @if (loading()) {
          <mat-progress-bar mode="indeterminate" aria-label="Segmenting" />
        }
      </div>
      @if (error(); as error) {
        <p class="error" role="alert">Could not segment this image: {{ error }}</p>
      }
      @if (result(); as result) {
        <div class="viewers">
          <app-segmentation-viewer
            testId="image-dialog-prediction"
            caption="Prediction"
            [result]="result"
            [(zoom)]="zoom"
            [(pan)]="pan"
          />
          <app-segmentation-viewer
            testId="image-dialog-truth"
            caption="Ground truth"
            source="truth"
            [result]="result"
            [(zoom)]="zoom"
            [(pan)]="pan"
          />
        </div>
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
    </mat-dialog-content>
    <mat-dialog-actions>
      <button
        matIconButton
        type="button"
        matTooltip="Previous image"
        aria-label="Previous image"
        [disabled]="index() === 0"
        (click)="step(-1)"
      >
        <mat-icon>chevron_left</mat-icon>
      </button>
      <span class="muted">{{ index() + 1 }} of {{ data.images.length }}</span>
      <button
        matIconButton
        type="button"
        matTooltip="Next image"
        aria-label="Next image"
        [disabled]="index() >= data.images.length - 1"
        (click)="step(1)"
      >
        <mat-icon>chevron_right</mat-icon>
      </button>
      <span class="spacer"></span>
      <button matButton type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .title {
      display: flex;
      align-items: baseline;
      gap: 12px;
    }
    .content {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .loading-slot {
      height: 4px;
    }
    .viewers {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 16px;
      @media (max-width: 700px) {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .scores {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .muted {
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      margin: 0;
      color: var(--mat-sys-error);
    }
    .spacer {
      flex: 1;
    }
  `,
})
export class EvaluationImageDialog {
  protected readonly data = inject<EvaluationImageDialogData>(MAT_DIALOG_DATA);
  private readonly evaluations = inject(EvaluationService);

  protected readonly index = signal(this.data.index);
  protected readonly image = computed(() => this.data.images[this.index()]);
  protected readonly result = signal<SegmentResultDto | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly zoom = signal(1);
  protected readonly pan = signal({ x: 0, y: 0 });
  private request: Subscription | null = null;

  constructor() {
    effect(() => {
      const image = this.image();
      untracked(() => this.load(image));
    });
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  protected step(delta: number): void {
    const next = this.index() + delta;
    if (next >= 0 && next < this.data.images.length) this.index.set(next);
  }

  private load(image: EvaluationImageDto): void {
    this.request?.unsubscribe();
    this.loading.set(true);
    this.error.set(null);
    this.request = this.evaluations
      .segmentPair(this.data.modelId, this.data.datasetId, image.pairIndex)
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
