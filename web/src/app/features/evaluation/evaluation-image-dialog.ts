import { Component, computed, inject, signal } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { EvaluationCaseView } from './evaluation-case-view';
import { type EvaluationImageDto, sizeText } from './evaluation.model';
import { EvaluationPairView } from './evaluation-pair-view';

export interface EvaluationImageDialogData {
  modelId: string;
  datasetId: string;
  /** The images in the order the table shows them; arrows step through them. */
  images: readonly EvaluationImageDto[];
  index: number;
}

/**
 * One evaluated item segmented again, its prediction and ground truth as label overlays in the
 * volume viewer: a 2D image as one slice, a volume case whole with its scores per class. The
 * arrows step through the items in the table's order.
 */
@Component({
  selector: 'app-evaluation-image-dialog',
  imports: [
    EvaluationCaseView,
    EvaluationPairView,
    MatButton,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
    MatIcon,
    MatIconButton,
    MatTooltip,
  ],
  template: `
    <h2 mat-dialog-title class="title">
      <span class="name" data-testid="image-dialog-name">{{ image().name }}</span>
      <span class="muted">
        @if (image().kind === 'volume') {
          case {{ image().caseIndex }} · {{ size() }}
        } @else {
          pair {{ image().pairIndex }} · {{ size() }}
        }
      </span>
    </h2>
    <mat-dialog-content class="content">
      @if (image().kind === 'volume') {
        <app-evaluation-case-view
          [modelId]="data.modelId"
          [datasetId]="data.datasetId"
          [image]="image()"
        />
      } @else {
        <app-evaluation-pair-view
          [modelId]="data.modelId"
          [datasetId]="data.datasetId"
          [image]="image()"
        />
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
      /* Taller than a dialog's usual 65vh; each view caps its viewer's stage so that the controls,
         legend and scores show with it. */
      max-height: 80vh;
    }
    .muted {
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .spacer {
      flex: 1;
    }
  `,
})
export class EvaluationImageDialog {
  protected readonly data = inject<EvaluationImageDialogData>(MAT_DIALOG_DATA);

  protected readonly index = signal(this.data.index);
  protected readonly image = computed(() => this.data.images[this.index()]);
  protected readonly size = computed(() => sizeText(this.image()));

  protected step(delta: number): void {
    const next = this.index() + delta;
    if (next >= 0 && next < this.data.images.length) this.index.set(next);
  }
}
