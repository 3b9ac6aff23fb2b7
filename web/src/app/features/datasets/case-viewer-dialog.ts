import { DecimalPipe } from '@angular/common';
import { Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { SELECT_FIELD } from '../../shared/form-imports';
import { type LabelName } from '../../shared/label-names';
import { datasetCaseFiles } from '../../shared/volume-viewer/volume-file.service';
import { VolumeViewer } from '../../shared/volume-viewer/volume-viewer';
import { type ViewerInput } from '../../shared/volume-viewer/volume-viewer.model';
import { fileWindow } from '../../shared/volume-viewer/window-presets';

/** The fields of a row of `GET /api/datasets/:id/cases` the dialog shows. */
export interface CaseViewerCase {
  index: number;
  name: string;
  depth: number;
  height: number;
  width: number;
  channels: number;
  spacing: readonly number[];
  modality: string;
  unlabeled: boolean;
  windowCenter: number | null;
  windowWidth: number | null;
}

export interface CaseViewerData {
  datasetId: string;
  case: CaseViewerCase;
  /** The dataset's label names (`GET /api/datasets/:id` → `labels`). */
  labels: readonly LabelName[];
}

/** One case of a dataset, image and mask, in the volume viewer (opened from the cases table). */
@Component({
  selector: 'app-case-viewer-dialog',
  imports: [
    DecimalPipe,
    MatButton,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
    MatFormField,
    MatLabel,
    ...SELECT_FIELD,
    VolumeViewer,
  ],
  template: `
    <h2 mat-dialog-title class="title">{{ item.name }}</h2>
    <mat-dialog-content class="content">
      <p class="facts muted" data-testid="case-viewer-facts">
        {{ item.width }} × {{ item.height }} × {{ item.depth }} ·
        @for (s of item.spacing; track $index) {
          {{ s | number: '1.0-3' }}{{ $last ? '' : ' × ' }}
        }
        mm
        @if (item.modality) {
          · {{ item.modality }}
        }
        @if (item.unlabeled) {
          · unlabeled (no mask)
        }
      </p>
      @if (item.channels > 1) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Channel</mat-label>
          <mat-select
            data-testid="case-viewer-channel"
            [value]="channel()"
            (valueChange)="channel.set($event)"
          >
            @for (c of channels(); track c) {
              <mat-option [value]="c">Channel {{ c }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      }
      <app-volume-viewer testId="case-viewer" [input]="viewerInput()" />
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton="filled" type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .title {
      overflow-wrap: anywhere;
    }
    .content {
      display: flex;
      flex-direction: column;
      gap: 12px;
      min-width: min(900px, 80vw);
    }
    .facts {
      margin: 0;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CaseViewerDialog {
  private readonly data = inject<CaseViewerData>(MAT_DIALOG_DATA);
  protected readonly item = this.data.case;
  protected readonly channel = signal(0);
  protected readonly channels = computed(() => [...Array(this.item.channels).keys()]);

  /** The case's stored NIfTI files; its mask is the ground truth (none for an unlabeled case). */
  protected readonly viewerInput = computed((): ViewerInput => {
    const files = datasetCaseFiles(
      this.data.datasetId,
      this.item.index,
      !this.item.unlabeled,
      this.channel(),
    );
    return {
      image: files.image,
      truth: files.truth,
      labels: this.data.labels,
      fileWindow: fileWindow(this.item.windowCenter, this.item.windowWidth),
    };
  });
}
