import { DecimalPipe } from '@angular/common';
import { Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSlider, MatSliderThumb } from '@angular/material/slider';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { FORM_FIELDS, SELECT_FIELD } from '../../shared/form-imports';
import { AuthService } from '../../core/auth/auth.service';
import { DropZone } from '../../shared/drop-zone';
import { EmptyState } from '../../shared/empty-state';
import { foreignOwnerNote } from '../../shared/ownership/ownership.model';
import { formatBytes } from '../../shared/format';
import { type OverlapScores, overlapScores } from '../../shared/overlap';
import { PageHeader } from '../../shared/page-header';
import { type PairDto } from '../datasets/dataset.model';
import { ACCEPTED_FILES, type SegmentResultDto, isAcceptedFile } from './inference.model';
import { InferenceHistory } from './inference-history';
import { InferenceService } from './inference.service';
import { errorMessage } from '../../shared/api-error';
import { type LabelName, labelName } from '../../shared/label-names';
import { CasePicker } from './case-picker';
import { PairPicker } from './pair-picker';
import { type FlatPictures, classesAt, decodeFlatResult, flatViewerInput } from './flat-result';
import { RASTER_DECODER } from './raster';
import { VolumeFacts } from './volume-facts';
import { VolumeViewer } from '../../shared/volume-viewer/volume-viewer';
import { inferenceResultFiles } from '../../shared/volume-viewer/volume-file.service';
import { type ViewerInput } from '../../shared/volume-viewer/volume-viewer.model';
import { fileWindow } from '../../shared/volume-viewer/window-presets';

export type InputMode = 'file' | 'pair' | 'case';

/**
 * Pick a completed model, give it an image (upload or a dataset pair) and look at the predicted
 * mask over it, in the volume viewer (a 2D image as a volume of one slice). A volume is segmented
 * once and browsed. For a 2D image the probability threshold is applied in the browser (the class
 * map at the threshold is the viewer's prediction), and a pair's Dice and IoU are those of the
 * mask shown at the current threshold.
 */
@Component({
  selector: 'app-inference-page',
  imports: [
    CasePicker,
    DropZone,
    ...FORM_FIELDS,
    ...SELECT_FIELD,
    DecimalPipe,
    EmptyState,
    InferenceHistory,
    MatButtonToggle,
    MatButtonToggleGroup,
    MatCard,
    MatCardContent,
    MatCheckbox,
    MatProgressSpinner,
    MatSlider,
    MatSliderThumb,
    PageHeader,
    PairPicker,
    RouterLink,
    VolumeFacts,
    VolumeViewer,
  ],
  templateUrl: './inference-page.html',
  styleUrl: './inference-page.scss',
})
export class InferencePage {
  protected readonly auth = inject(AuthService);
  protected readonly inference = inject(InferenceService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly accept = ACCEPTED_FILES;
  protected readonly formatBytes = formatBytes;
  protected readonly foreignOwnerNote = foreignOwnerNote;
  protected readonly labelName = labelName;

  protected readonly inputMode = signal<InputMode>('file');
  protected readonly threshold = signal(0.5);
  protected readonly persist = signal(true);
  protected readonly fileError = signal<string | null>(null);
  private readonly decode = inject(RASTER_DECODER);
  /** The shown 2D result's pictures, decoded once; the threshold only recomputes its class map. */
  private readonly flat = signal<{ result: SegmentResultDto; pictures: FlatPictures } | null>(null);
  protected readonly flatError = signal<string | null>(null);

  /** The 2D prediction at the current threshold, class per pixel. */
  private readonly predicted = computed(() => {
    const flat = this.flat();
    return flat ? classesAt(flat.pictures, this.threshold()) : null;
  });

  /** Names of the result's label values, from the model ("label <value>" where it has none). */
  protected readonly labels = computed(
    (): readonly LabelName[] =>
      this.inference.volumeResult()?.labels ?? this.inference.result()?.labels ?? [],
  );

  /** The 2D result in the volume viewer: its picture with the class map at the threshold. */
  protected readonly flatInput = computed((): ViewerInput | null => {
    const flat = this.flat();
    const predicted = this.predicted();
    if (!flat || !predicted || flat.result !== this.inference.result()) return null;
    return flatViewerInput(flat.result, flat.pictures, predicted, this.labels());
  });

  /**
   * Dice and IoU of the prediction as shown (at the current threshold) against the ground truth;
   * the ml-service's own scores until both masks are decoded.
   */
  protected readonly scores = computed((): OverlapScores | null => {
    const result = this.inference.result();
    if (!result?.groundTruth) return null;
    const predicted = this.predicted();
    const truth = this.flat()?.pictures.truth;
    if (predicted && truth && predicted.length === truth.length && predicted.length > 0) {
      return overlapScores(predicted, truth, result.labelValues.length);
    }
    return {
      dicePerClass: result.dicePerClass,
      iouPerClass: result.iouPerClass,
      dice: result.dice,
      iou: result.iou,
    };
  });

  protected readonly selectedModel = computed(() => {
    const id = this.inference.selectedId();
    return this.inference.models()?.find((m) => m.id === id) ?? null;
  });

  protected readonly warmReady = computed(() => {
    const warm = this.inference.warm();
    return warm.state === 'ready' ? warm : null;
  });

  protected readonly warmError = computed(() => {
    const warm = this.inference.warm();
    return warm.state === 'error' ? warm.message : null;
  });

  /** The volume result as the viewer takes it: its stored files, labels and own window. */
  protected readonly viewerInput = computed((): ViewerInput | null => {
    const result = this.inference.volumeResult();
    // Without its input kept (MEDSEG_STORE_INFERENCE_INPUTS=false) there is nothing to draw on.
    if (!result?.hasImage) return null;
    const files = inferenceResultFiles(result.id, result.hasGroundTruth);
    return {
      ...files,
      labels: result.labels,
      labelValues: result.labelValues,
      fileWindow: fileWindow(result.windowCenter, result.windowWidth),
    };
  });

  /** What the shown result was asked for. */
  protected readonly inputLabel = computed(() => {
    const input = this.inference.resultInput();
    if (!input) return '';
    if (input.kind === 'pair') return `Dataset pair ${input.name}`;
    if (input.kind === 'case') return `Dataset case ${input.name}`;
    if (input.kind === 'stored')
      return `Stored result of ${new Date(input.createdAt).toLocaleString()}`;
    return input.file.name;
  });

  /** What the running request segments, with its size: a volume may take a while. */
  protected readonly runningLabel = computed(() => {
    const input = this.inference.runningInput();
    if (!input) return 'Segmenting…';
    if (input.kind === 'file')
      return `Segmenting ${input.file.name} (${formatBytes(input.file.size)})…`;
    if (input.kind === 'case') return `Segmenting the whole case ${input.name}…`;
    if (input.kind === 'pair') return `Segmenting ${input.name}…`;
    return 'Loading the stored result…';
  });

  constructor() {
    this.inference.loadModels();
    this.inference.loadPalette();

    // Decode a 2D result's pictures once; the old picture stays until the new one is ready.
    effect(() => {
      const result = this.inference.result();
      untracked(() => void this.decodeFlat(result));
    });

    // Select the model of ?model=, else the newest completed one, once the list is known.
    effect(() => {
      const models = this.inference.models();
      if (!models) return;
      untracked(() => {
        const current = this.inference.selectedId();
        if (current && models.some((m) => m.id === current)) return;
        const wanted = this.route.snapshot.queryParamMap.get('model');
        const pick = models.find((m) => m.id === wanted) ?? models[0] ?? null;
        if (wanted && pick?.id !== wanted) {
          this.snackBar.open('That model is not available for inference.', 'Dismiss', {
            duration: 6000,
          });
        }
        this.inference.selectModel(pick?.id ?? null);
      });
    });

    effect(() => {
      const error = this.inference.error();
      if (error) {
        untracked(() =>
          this.snackBar.open(`Segmentation failed: ${error}`, 'Dismiss', { duration: 8000 }),
        );
      }
    });
  }

  protected selectModel(id: string): void {
    this.inference.selectModel(id);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { model: id },
      replaceUrl: true,
    });
  }

  protected setInputMode(mode: InputMode): void {
    this.inputMode.set(mode);
    if (mode !== 'file' && this.inference.datasets() === null) this.inference.loadDatasets();
  }

  /** Files dropped on or chosen in the drop zone: one image is segmented. */
  protected onFiles(files: File[]): void {
    if (files.length !== 1) {
      this.fileError.set('Drop one image at a time.');
      return;
    }
    this.segment(files[0]);
  }

  protected pickPair(pair: PairDto): void {
    const datasetId = this.inference.pairsDatasetId();
    if (datasetId) this.inference.segmentPair(datasetId, pair);
  }

  protected onThreshold(event: Event): void {
    this.threshold.set(this.sliderValue(event, this.threshold()));
  }

  protected percent(value: number | null | undefined): string {
    return value === null || value === undefined || !Number.isFinite(value)
      ? '–'
      : `${(value * 100).toFixed(1)}%`;
  }

  private sliderValue(event: Event, fallback: number): number {
    const value = Number((event.target as HTMLInputElement).value);
    return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : fallback;
  }

  /** "liver" of a class index of the shown result (its label value's name). */
  protected className(index: number): string {
    if (index === 0) return 'background';
    const value = this.inference.result()?.labelValues[index] ?? index;
    return labelName(this.labels(), value);
  }

  private async decodeFlat(result: SegmentResultDto | null): Promise<void> {
    if (!result) return;
    try {
      const pictures = await decodeFlatResult(result, this.decode);
      if (this.inference.result() !== result) return;
      this.flatError.set(null);
      this.flat.set({ result, pictures });
    } catch (error) {
      if (this.inference.result() === result) this.flatError.set(errorMessage(error));
    }
  }

  private segment(file: File): void {
    if (!isAcceptedFile(file.name)) {
      this.fileError.set(
        `“${file.name}” is not an image the model reads (PNG, JPEG, DICOM .dcm or a ZIP of a series, NIfTI .nii/.nii.gz, NRRD, MHA).`,
      );
      return;
    }
    this.fileError.set(null);
    this.inference.segmentFile(file, { persist: this.persist() });
  }
}
