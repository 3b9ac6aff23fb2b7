import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { MODELS_URL } from '../../shared/api-urls';
import { toApiError } from '../../shared/api-error';
import { ReadyDatasets } from '../datasets/ready-datasets';
import {
  type CreateModelBody,
  type HyperparametersDto,
  type ModelDefaultsDto,
  type ModelDto,
  type TrainingDefaultsDto,
} from './model.model';
import { ModelListStore } from './model-list.store';

export const TRAINING_DEFAULTS_URL = '/api/training/defaults';

/** What the training form offers (defaults with their ranges, ready datasets) and its submit. */
@Injectable({ providedIn: 'root' })
export class TrainingFormStore {
  private readonly http = inject(HttpClient);
  private readonly datasets = inject(ReadyDatasets);
  private readonly list = inject(ModelListStore);
  private readonly _defaults = signal<ModelDefaultsDto | null>(null);
  private readonly _defaultsError = signal<string | null>(null);
  private readonly _volumeDefaults = signal<{
    datasetId: string;
    values: HyperparametersDto | null;
  } | null>(null);

  /** Default hyper-parameters with the range of each; prefills the form. */
  readonly defaults = this._defaults.asReadonly();
  readonly defaultsError = this._defaultsError.asReadonly();
  /**
   * unet_3d's values for the last dataset asked about (patch size, target spacing from its
   * fingerprint); values null: the dataset has no volumes.
   */
  readonly volumeDefaults = this._volumeDefaults.asReadonly();
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

  /** Asks for unet_3d's defaults of a dataset; null values when it has no volumes. */
  loadVolumeDefaults(datasetId: string): void {
    if (this._volumeDefaults()?.datasetId === datasetId) return;
    const params = { datasetId };
    this.http.get<TrainingDefaultsDto>(TRAINING_DEFAULTS_URL, { params }).subscribe({
      next: (answer) => this._volumeDefaults.set({ datasetId, values: answer.volumeDefaults }),
      error: (error: unknown) => this._defaultsError.set(toApiError(error).message),
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
