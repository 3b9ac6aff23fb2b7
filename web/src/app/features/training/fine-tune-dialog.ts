import { Component, inject, signal } from '@angular/core';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { errorMessage } from '../../shared/api-error';
import { FORM_FIELDS, SELECT_FIELD } from '../../shared/form-imports';
import { type DatasetVersionDto } from '../datasets/annotation.model';
import { AnnotationService } from '../datasets/annotation.service';
import { type ModelDetailDto, type ModelDto } from './model.model';
import { fineTuneEpochs } from './model-lineage';

export interface FineTuneDialogData {
  model: ModelDetailDto;
}

/** Fine-tunes a completed model on a version of its dataset; closes with the queued child. */
@Component({
  selector: 'app-fine-tune-dialog',
  imports: [
    ...FORM_FIELDS,
    ...SELECT_FIELD,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
  ],
  template: `
    <h2 mat-dialog-title>Fine-tune “{{ model.name }}”</h2>
    <mat-dialog-content class="content">
      <p class="muted">
        A new version of this model starts from its weights and trains on the dataset version you
        pick, at its learning rate, for half its epochs by default.
      </p>
      <mat-form-field appearance="outline">
        <mat-label>Dataset version</mat-label>
        <mat-select
          data-testid="fine-tune-version"
          [value]="version()"
          (valueChange)="version.set($event)"
        >
          @for (v of versions(); track v.version) {
            <mat-option [value]="v.version">
              Version {{ v.version }} · {{ v.labelledCases }} labelled
            </mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Epochs</mat-label>
        <input
          matInput
          type="number"
          min="1"
          data-testid="fine-tune-epochs"
          [value]="epochs()"
          (input)="epochs.set(+$any($event.target).value)"
        />
      </mat-form-field>
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @if (busy()) {
        <mat-progress-bar mode="indeterminate" />
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close>Cancel</button>
      <button
        matButton="filled"
        type="button"
        data-testid="fine-tune-start"
        [disabled]="busy() || !(epochs() >= 1)"
        (click)="start()"
      >
        Fine-tune
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .content {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class FineTuneDialog {
  private readonly annotations = inject(AnnotationService);
  private readonly ref = inject<MatDialogRef<FineTuneDialog, ModelDto>>(MatDialogRef);
  protected readonly model = inject<FineTuneDialogData>(MAT_DIALOG_DATA).model;
  protected readonly versions = signal<DatasetVersionDto[]>([]);
  /** null: the dataset's latest (the gateway's default). */
  protected readonly version = signal<number | null>(null);
  protected readonly epochs = signal(fineTuneEpochs(this.model.epochs));
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.annotations.versions(this.model.datasetId).then(
      (versions) => {
        this.versions.set(versions);
        this.version.set(versions.at(-1)?.version ?? null);
      },
      (error: unknown) => this.error.set(errorMessage(error)),
    );
  }

  protected async start(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const version = this.version();
      const child = await this.annotations.fineTune(this.model.id, {
        ...(version === null ? {} : { datasetVersion: version }),
        epochs: Math.round(this.epochs()),
      });
      this.ref.close(child);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
