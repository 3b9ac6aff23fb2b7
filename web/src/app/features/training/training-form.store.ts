import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { MODELS_URL } from '../../shared/api-urls';
import { toApiError } from '../../shared/api-error';
import { ReadyDatasets } from '../datasets/ready-datasets';
import {
  type CreateModelBody,
  type ModelDefaultsDto,
  type ModelDto,
  type TrainingDefaultsDto,
} from './model.model';
import { ModelListStore } from './model-list.store';

export const TRAINING_DEFAULTS_URL = '/api/training/defaults';

/** GET /api/training/defaults's answer for one dataset: its Auto values, and unet_3d's. */
export interface DatasetDefaults {
  datasetId: string;
  answer: TrainingDefaultsDto;
}

/** What the training form offers (defaults with their ranges, ready datasets) and its submit. */
@Injectable({ providedIn: 'root' })
export class TrainingFormStore {
  private readonly http = inject(HttpClient);
  private readonly datasets = inject(ReadyDatasets);
  private readonly list = inject(ModelListStore);
  private readonly _defaults = signal<ModelDefaultsDto | null>(null);
  private readonly _defaultsError = signal<string | null>(null);
  private readonly _datasetDefaults = signal<DatasetDefaults | null>(null);
  /** The dataset asked about last: an answer for another one, arriving late, is dropped. */
  private askedDataset: string | null = null;

  /** Default hyper-parameters with the range of each; prefills the form. */
  readonly defaults = this._defaults.asReadonly();
  readonly defaultsError = this._defaultsError.asReadonly();
  /** The whole answer for the last dataset asked about. */
  readonly datasetDefaults = this._datasetDefaults.asReadonly();
  /**
   * The "Auto" preset of the last dataset asked about: the 2D values derived from its statistics
   * (input size, depth, batch size, epochs, recipe) and why each; values null without statistics.
   */
  readonly autoDefaults = computed(() => {
    const d = this._datasetDefaults();
    return d
      ? { datasetId: d.datasetId, values: d.answer.autoDefaults, choices: d.answer.autoChoices }
      : null;
  });
  /**
   * unet_3d's values for the last dataset asked about (patch size, target spacing from its
   * fingerprint) and why each; values null: the dataset has no volumes.
   */
  readonly volumeDefaults = computed(() => {
    const d = this._datasetDefaults();
    return d
      ? { datasetId: d.datasetId, values: d.answer.volumeDefaults, choices: d.answer.volumeChoices }
      : null;
  });
  /** Datasets a model can be trained on (status `ready`), by name; null until loaded. */
  readonly datasetChoices = this.datasets.choices;
  readonly datasetChoicesError = this.datasets.error;

  /** Loads the default hyper-parameters (once) and the datasets ready for training. */
  loadFormChoices(): void {
    if (!this._defaults()) this.loadDefaults();
    this.loadDatasetChoices();
  }

  loadDefaults(): void {
    this._defaultsError.set(null);
    this.http.get<ModelDefaultsDto>(`${MODELS_URL}/defaults`).subscribe({
      next: (defaults) => this._defaults.set(defaults),
      error: (error: unknown) => this._defaultsError.set(toApiError(error).message),
    });
  }

  /** Asks for a dataset's Auto values and unet_3d's (null when it has no volumes), once. */
  loadDatasetDefaults(datasetId: string): void {
    if (this.askedDataset === datasetId) return;
    this.askedDataset = datasetId;
    const params = { datasetId };
    this.http.get<TrainingDefaultsDto>(TRAINING_DEFAULTS_URL, { params }).subscribe({
      next: (answer) => {
        if (this.askedDataset === datasetId) this._datasetDefaults.set({ datasetId, answer });
      },
      error: (error: unknown) => {
        // Asking again (Retry, another dataset and back) sends a new request.
        if (this.askedDataset === datasetId) this.askedDataset = null;
        this._defaultsError.set(toApiError(error).message);
      },
    });
  }

  loadDatasetChoices(): void {
    this.datasets.load();
  }

  /**
   * Starts training a new model. Resolves with it; rejects with an ApiError whose `details`
   * list each field the gateway refused (400), or 409 when the dataset is not ready.
   */
  async createModel(body: CreateModelBody): Promise<ModelDto> {
    let model: ModelDto;
    try {
      model = await firstValueFrom(this.http.post<ModelDto>(MODELS_URL, body));
    } catch (error) {
      throw toApiError(error);
    }
    this.list.showCreated();
    return model;
  }
}
