import { Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatRadioButton, MatRadioGroup } from '@angular/material/radio';
import { MatOption, MatSelect } from '@angular/material/select';
import { errorMessage } from '../../shared/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { datasetChoiceLabel } from '../datasets/dataset.model';
import { ReadyDatasets } from '../datasets/ready-datasets';
import { type EvaluationDto, type EvaluationSubset } from './evaluation.model';
import { EvaluationService } from './evaluation.service';

const DEFAULT_TOLERANCE_MM = 1;

export interface EvaluateDialogData {
  model: { id: string; name: string; version: number; datasetId: string; datasetName: string };
}

/** Starts an evaluation of a model; closes with the new evaluation. */
@Component({
  selector: 'app-evaluate-dialog',
  imports: [
    MatButton,
    MatCheckbox,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
    MatFormField,
    MatHint,
    MatIcon,
    MatInput,
    MatLabel,
    MatOption,
    MatProgressBar,
    MatRadioButton,
    MatRadioGroup,
    MatSelect,
  ],
  template: `
    <h2 mat-dialog-title>Evaluate “{{ data.model.name }}” v{{ data.model.version }}</h2>
    <mat-dialog-content class="content">
      <p class="intro">
        Segments every chosen case and image and scores it against its mask: Dice, IoU, HD95,
        average surface distance and normalized surface Dice, volumes as a whole in millimetres, 2D
        images in pixels, per item and in aggregate.
      </p>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Dataset</mat-label>
        <mat-select
          data-testid="evaluate-dataset"
          [value]="datasetId()"
          (valueChange)="onDataset($event)"
        >
          @for (d of datasets(); track d.id) {
            <mat-option [value]="d.id">
              {{ d.label }}{{ d.id === data.model.datasetId ? ' · trained on' : '' }}
            </mat-option>
          }
        </mat-select>
        <mat-hint>Ready datasets; their labels must be the model's classes</mat-hint>
      </mat-form-field>
      <mat-radio-group
        class="subset"
        aria-label="Pairs to evaluate"
        data-testid="evaluate-subset"
        [value]="subset()"
        (change)="subset.set($event.value)"
      >
        <mat-radio-button value="validation" [disabled]="!ownDataset()">
          Validation pairs only <span class="muted">held out during training</span>
        </mat-radio-button>
        <mat-radio-button value="all">All pairs</mat-radio-button>
      </mat-radio-group>
      @if (!ownDataset()) {
        <p class="muted">Another dataset is evaluated on all its pairs.</p>
      }
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>NSD tolerance (mm)</mat-label>
        <input
          matInput
          type="number"
          min="0"
          max="1000"
          step="0.5"
          data-testid="evaluate-tolerance"
          [value]="tolerance()"
          (input)="onTolerance($event)"
        />
        <mat-hint>Surface within this distance counts as correct (pixels for 2D images)</mat-hint>
      </mat-form-field>
      <mat-checkbox
        data-testid="evaluate-mirroring"
        [checked]="mirroring()"
        (change)="mirroring.set($event.checked)"
      >
        Test-time mirroring
        <span class="muted">· average over mirror images: 4× the time (8× for a 3D model)</span>
      </mat-checkbox>
      @if (ready.error(); as error) {
        <p class="error" role="alert">Could not load the datasets: {{ error }}</p>
      }
      @if (error(); as error) {
        <p class="error" role="alert" data-testid="evaluate-error">
          <mat-icon aria-hidden="true">error</mat-icon>{{ error }}
        </p>
      }
      @if (submitting()) {
        <mat-progress-bar mode="indeterminate" aria-label="Starting the evaluation" />
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close>Cancel</button>
      <button
        matButton="filled"
        type="button"
        data-testid="evaluate-submit"
        [disabled]="submitting() || !datasetId()"
        (click)="submit()"
      >
        Start evaluation
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    @use '../../shared/dialog-text';

    .intro {
      margin: 0;
    }
    .subset {
      display: flex;
      flex-direction: column;
    }
  `,
})
export class EvaluateDialog {
  protected readonly data = inject<EvaluateDialogData>(MAT_DIALOG_DATA);
  protected readonly ready = inject(ReadyDatasets);
  private readonly auth = inject(AuthService);
  private readonly evaluations = inject(EvaluationService);
  private readonly ref = inject<MatDialogRef<EvaluateDialog, EvaluationDto>>(MatDialogRef);

  protected readonly datasetId = signal(this.data.model.datasetId);
  protected readonly subset = signal<EvaluationSubset>('validation');
  protected readonly tolerance = signal(DEFAULT_TOLERANCE_MM);
  protected readonly mirroring = signal(false);
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly ownDataset = computed(() => this.datasetId() === this.data.model.datasetId);
  /** Ready datasets; the model's own is always offered, even before the list arrives. */
  protected readonly datasets = computed(() => {
    const choices = (this.ready.choices() ?? []).map((d) => ({
      id: d.id,
      label: datasetChoiceLabel(d, this.auth.meId()),
    }));
    if (choices.some((d) => d.id === this.data.model.datasetId)) return choices;
    return [{ id: this.data.model.datasetId, label: this.data.model.datasetName }, ...choices];
  });

  constructor() {
    this.ready.load();
  }

  protected onDataset(id: string): void {
    this.datasetId.set(id);
    this.subset.set(id === this.data.model.datasetId ? 'validation' : 'all');
    this.error.set(null);
  }

  protected onTolerance(event: Event): void {
    const value = (event.target as HTMLInputElement).valueAsNumber;
    this.tolerance.set(Number.isFinite(value) ? value : DEFAULT_TOLERANCE_MM);
  }

  protected async submit(): Promise<void> {
    this.submitting.set(true);
    this.error.set(null);
    try {
      const evaluation = await this.evaluations.createEvaluation(this.data.model.id, {
        datasetId: this.datasetId(),
        subset: this.ownDataset() ? this.subset() : 'all',
        // The gateway's default is the same 1 mm: only a changed tolerance is sent.
        ...(this.tolerance() !== DEFAULT_TOLERANCE_MM
          ? { surfaceToleranceMm: this.tolerance() }
          : {}),
        ...(this.mirroring() ? { testTimeMirroring: true } : {}),
      });
      this.ref.close(evaluation);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.submitting.set(false);
    }
  }
}
