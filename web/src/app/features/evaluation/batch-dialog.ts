import { Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { type Subscription } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { DropZone } from '../../shared/drop-zone';
import { formatBytes } from '../../shared/format';
import { AuthService } from '../../core/auth/auth.service';
import { datasetChoiceLabel } from '../datasets/dataset.model';
import { ReadyDatasets } from '../datasets/ready-datasets';
import { type BatchDto } from './evaluation.model';
import { EvaluationService } from './evaluation.service';

export interface BatchDialogData {
  model: { id: string; name: string; version: number; datasetId: string };
}

type Source = 'archive' | 'dataset';

/** Starts a batch inference from a ZIP of images (uploaded with progress) or a dataset. */
@Component({
  selector: 'app-batch-dialog',
  imports: [
    DropZone,
    MatButton,
    MatButtonToggle,
    MatButtonToggleGroup,
    MatDialogActions,
    MatDialogContent,
    MatDialogTitle,
    MatFormField,
    MatIcon,
    MatLabel,
    MatOption,
    MatProgressBar,
    MatSelect,
  ],
  template: `
    <h2 mat-dialog-title>Batch inference with “{{ data.model.name }}” v{{ data.model.version }}</h2>
    <mat-dialog-content class="content">
      <mat-button-toggle-group
        hideSingleSelectionIndicator
        aria-label="Input"
        data-testid="batch-source"
        [value]="source()"
        [disabled]="busy()"
        (change)="source.set($event.value)"
      >
        <mat-button-toggle value="archive">ZIP of images</mat-button-toggle>
        <mat-button-toggle value="dataset">Dataset</mat-button-toggle>
      </mat-button-toggle-group>

      @if (source() === 'archive') {
        <app-drop-zone
          label="A ZIP of images to segment: drop it here, or press Enter to choose a file"
          accept=".zip,application/zip,application/x-zip-compressed"
          inputTestId="batch-file-input"
          data-testid="batch-drop-zone"
          [chooseText]="file() ? 'Choose another' : 'Choose file'"
          [disabled]="busy()"
          (files)="onFiles($event)"
        >
          @if (file(); as f) {
            <p class="drop-text">
              <strong>{{ f.name }}</strong> · {{ formatBytes(f.size) }}
            </p>
          } @else {
            <p class="drop-text">
              Drag a <strong>.zip</strong> of PNG, JPEG, DICOM or NIfTI images here
            </p>
          }
        </app-drop-zone>
        <p class="muted">
          Masks come back in a ZIP with the same folders; masks inside the ZIP are not needed.
        </p>
        @if (progress(); as p) {
          <div class="progress" data-testid="batch-upload-progress">
            <mat-progress-bar
              [mode]="p.total > 0 && p.loaded < p.total ? 'determinate' : 'indeterminate'"
              [value]="p.total > 0 ? (100 * p.loaded) / p.total : 0"
              aria-label="Uploading"
            />
            <span class="muted">{{ progressText() }}</span>
          </div>
        }
      } @else {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Dataset</mat-label>
          <mat-select
            data-testid="batch-dataset"
            [value]="datasetId()"
            (valueChange)="datasetId.set($event)"
          >
            @for (d of datasets.choices() ?? []; track d.id) {
              <mat-option [value]="d.id">{{ datasetChoiceLabel(d, auth.meId()) }}</mat-option>
            } @empty {
              <mat-option disabled>No ready dataset</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <p class="muted">Every image of the dataset is segmented and scored against its mask.</p>
      }

      @if (error(); as error) {
        <p class="error" role="alert" data-testid="batch-dialog-error">
          <mat-icon aria-hidden="true">error</mat-icon>{{ error }}
        </p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" (click)="cancel()">Cancel</button>
      <button
        matButton="filled"
        type="button"
        data-testid="batch-submit"
        [disabled]="busy() || !ready()"
        (click)="submit()"
      >
        {{ source() === 'archive' ? 'Upload and start' : 'Start' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    @use '../../shared/dialog-text';

    mat-button-toggle-group {
      align-self: flex-start;
    }
    .drop-text {
      margin: 0;
    }
    .progress {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
  `,
})
export class BatchDialog {
  protected readonly datasetChoiceLabel = datasetChoiceLabel;
  protected readonly data = inject<BatchDialogData>(MAT_DIALOG_DATA);
  protected readonly datasets = inject(ReadyDatasets);
  protected readonly auth = inject(AuthService);
  private readonly evaluations = inject(EvaluationService);
  private readonly ref = inject<MatDialogRef<BatchDialog, BatchDto>>(MatDialogRef);

  protected readonly source = signal<Source>('archive');
  protected readonly file = signal<File | null>(null);
  protected readonly datasetId = signal<string | null>(this.data.model.datasetId);
  protected readonly progress = signal<{ loaded: number; total: number } | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly ready = computed(() =>
    this.source() === 'archive' ? !!this.file() : !!this.datasetId(),
  );
  protected readonly progressText = computed(() => {
    const p = this.progress();
    if (!p) return '';
    if (p.total > 0 && p.loaded >= p.total) return `${formatBytes(p.total)} sent · storing…`;
    return `${formatBytes(p.loaded)} of ${formatBytes(p.total)}`;
  });
  protected readonly formatBytes = formatBytes;
  private upload: Subscription | null = null;

  constructor() {
    this.datasets.load();
    inject(DestroyRef).onDestroy(() => this.upload?.unsubscribe());
  }

  protected onFiles(files: File[]): void {
    if (files.length !== 1) {
      this.error.set('Drop one ZIP archive.');
      return;
    }
    this.choose(files[0]);
  }

  /** Closes the dialog; a running upload is aborted with it. */
  protected cancel(): void {
    this.upload?.unsubscribe();
    this.ref.close();
  }

  protected async submit(): Promise<void> {
    this.error.set(null);
    if (this.source() === 'dataset') {
      const datasetId = this.datasetId();
      if (!datasetId) return;
      this.busy.set(true);
      try {
        this.ref.close(await this.evaluations.createDatasetBatch(this.data.model.id, datasetId));
      } catch (error) {
        this.error.set(errorMessage(error));
      } finally {
        this.busy.set(false);
      }
      return;
    }
    const file = this.file();
    if (!file) return;
    this.busy.set(true);
    this.progress.set({ loaded: 0, total: file.size });
    this.upload = this.evaluations.uploadBatch(this.data.model.id, file).subscribe({
      next: (event) => {
        if (event.type === 'progress') {
          this.progress.set({ loaded: event.loaded, total: event.total || file.size });
        } else {
          this.ref.close(event.body);
        }
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.progress.set(null);
        this.error.set(`Upload failed: ${errorMessage(error)}`);
      },
    });
  }

  private choose(file: File): void {
    if (!/\.zip$/i.test(file.name)) {
      this.error.set(`“${file.name}” is not a ZIP archive.`);
      return;
    }
    this.error.set(null);
    this.file.set(file);
  }
}
