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
import { RouterLink } from '@angular/router';
import { SELECT_FIELD } from '../../shared/form-imports';
import { type LabelName } from '../../shared/label-names';
import { VolumeViewer } from '../../shared/volume-viewer/volume-viewer';
import { type ViewerInput } from '../../shared/volume-viewer/volume-viewer.model';
import { fileWindow } from '../../shared/volume-viewer/window-presets';
import { type CaseDto } from './dataset.model';

export interface CaseViewerData {
  /** A row of `GET /api/datasets/:id/cases`: its `imageUrls` (per channel) and `maskUrl`. */
  case: CaseDto;
  /** The dataset's label names (`GET /api/datasets/:id` → `labels`). */
  labels: readonly LabelName[];
  /** Set where the case may be edited: "Edit mask" opens it on the annotation page. */
  datasetId?: string;
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
    RouterLink,
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
      @if (item.imageUrls.length > 1) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="channel">
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
      @if (data.datasetId) {
        <a
          matButton
          mat-dialog-close
          data-testid="case-viewer-edit"
          [routerLink]="['/datasets', data.datasetId, 'annotate']"
          [queryParams]="{ case: item.index, start: item.maskUrl ? 'ground-truth' : 'empty' }"
        >
          Edit mask
        </a>
      }
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
      /* More than the dialog's usual 65vh, and a stage short enough that the facts, toolbar,
         sliders, legend and probe show with it without scrolling. */
      max-height: 80vh;
      --volume-viewer-max-height: calc(80vh - 340px);
    }
    .facts {
      margin: 0;
    }
    .channel {
      width: 200px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CaseViewerDialog {
  protected readonly data = inject<CaseViewerData>(MAT_DIALOG_DATA);
  protected readonly item = this.data.case;
  protected readonly channel = signal(0);
  protected readonly channels = computed(() => [...this.item.imageUrls.keys()]);

  /** The case's stored NIfTI files; its mask is the ground truth (none for an unlabeled case). */
  protected readonly viewerInput = computed((): ViewerInput => {
    const mask = this.item.maskUrl;
    return {
      image: {
        url: this.item.imageUrls[this.channel()] ?? this.item.imageUrls[0],
        name: 'image.nii.gz',
      },
      truth: mask ? { url: mask, name: 'mask.nii.gz' } : null,
      labels: this.data.labels,
      fileWindow: fileWindow(this.item.windowCenter, this.item.windowWidth),
    };
  });
}
