import { Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';
import { labelName } from '../../shared/label-names';
import { type LabelNameDto, type PairDto } from './dataset.model';

/** What the dialog shows: the pair, and the dataset's label names for its labels. */
export interface PairPreviewData {
  pair: PairDto;
  labels: readonly LabelNameDto[];
}

/** Large preview of one pair (mask drawn over its image) with where it came from. */
@Component({
  selector: 'app-pair-preview-dialog',
  imports: [MatButton, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle],
  template: `
    <h2 mat-dialog-title class="title">{{ pair.name }}</h2>
    <mat-dialog-content class="content">
      <div class="preview">
        <img
          [src]="pair.previewUrl"
          [alt]="'Image ' + pair.name + ' with its mask drawn over it'"
          data-testid="pair-preview"
        />
      </div>
      <dl class="details">
        <dt>Image</dt>
        <dd>
          <code>{{ pair.imagePath }}</code> <span class="muted">{{ pair.imageFormat }}</span>
        </dd>
        <dt>Mask</dt>
        <dd>
          @if (pair.unlabeled) {
            <span data-testid="pair-unlabeled"
              >none: an unlabeled case, never trained or scored on</span
            >
          } @else {
            <code>{{ pair.maskPath }}</code> <span class="muted">{{ pair.maskFormat }}</span>
          }
        </dd>
        <dt>Size</dt>
        <dd>{{ pair.width }} × {{ pair.height }} px · {{ channelText }}</dd>
        <dt>Labels</dt>
        <dd data-testid="pair-labels">{{ labelText }}</dd>
        @if (pair.modality) {
          <dt>Modality</dt>
          <dd>{{ pair.modality }}</dd>
        }
        @if (pair.sliceCount > 1) {
          <dt>Slice</dt>
          <dd>
            {{ pair.sliceIndex + 1 }} of {{ pair.sliceCount }}
            @if (pair.volume) {
              in <code>{{ pair.volume }}</code>
            }
          </dd>
        }
        <dt>Index</dt>
        <dd>{{ pair.index }}</dd>
      </dl>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <a matButton [href]="pair.previewUrl" target="_blank" rel="noopener">Open image</a>
      <button matButton="filled" type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .title {
      overflow-wrap: anywhere;
    }
    .content {
      display: flex;
      flex-wrap: wrap;
      gap: 24px;
    }
    .preview {
      flex: 1 1 320px;
      display: grid;
      place-items: center;
      min-height: 240px;
      border-radius: 12px;
      background: #000;
    }
    img {
      display: block;
      width: 100%;
      height: auto;
      max-height: 60vh;
      object-fit: contain;
      // Previews are at most 512 px; scale small ones up without blurring the mask edges.
      image-rendering: pixelated;
    }
    .details {
      flex: 1 1 220px;
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 8px 16px;
      margin: 0;
      align-content: start;
    }
    dt {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .muted {
      margin-left: 6px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class PairPreviewDialog {
  private readonly data = inject<PairPreviewData>(MAT_DIALOG_DATA);
  protected readonly pair = this.data.pair;
  protected readonly labelText = this.pair.labels.length
    ? this.pair.labels.map((v) => labelName(this.data.labels, v)).join(', ')
    : 'none (empty mask)';
  protected readonly channelText =
    this.pair.channels === 1 ? '1 channel' : `${this.pair.channels} channels`;
}
