import { DatePipe, DecimalPipe } from '@angular/common';
import { Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DangerButton } from '../../shared/danger-button';
import { firstValueFrom } from 'rxjs';
import { LoadState } from '../../shared/load-state';
import { RouteDetail } from '../../shared/route-detail';
import { formatDuration } from '../../shared/format';
import { type Visibility } from '../../shared/ownership/ownership.model';
import { SharingPanel } from '../../shared/ownership/sharing-panel';
import { PageHeader } from '../../shared/page-header';
import { StatusChip } from '../../shared/status-chip';
import { BatchDialog, type BatchDialogData } from '../evaluation/batch-dialog';
import { EvaluateDialog, type EvaluateDialogData } from '../evaluation/evaluate-dialog';
import {
  type BatchDto,
  EXPORT_FORMATS,
  type EvaluationDto,
  type ExportFormat,
} from '../evaluation/evaluation.model';
import { exportUrl } from '../evaluation/evaluation.service';
import { ModelJobs } from '../evaluation/model-jobs';
import { type ChartSeries, MetricChart } from './metric-chart';
import {
  type EpochDto,
  type ModelDetailDto,
  type ModelDto,
  architectureLabel,
  bestSummary,
  canRetryUpload,
  isCancelled,
  modelChip,
} from './model.model';
import { FineTuneDialog, type FineTuneDialogData } from './fine-tune-dialog';
import { ModelActions } from './model-actions';
import { lineageIds, modelLineage, relativeName } from './model-lineage';
import { ModelInfo } from './model-info';
import { ModelGainPanel } from './model-gain-panel';
import { ModelDetailStore } from './model-detail.store';

export const LOSS_SERIES: readonly ChartSeries[] = [
  { label: 'Train loss', color: '--mat-sys-primary', value: (e) => e.trainLoss },
  { label: 'Validation loss', color: '--mat-sys-tertiary', value: (e) => e.valLoss },
];

export const DICE_SERIES: readonly ChartSeries[] = [
  { label: 'Dice', color: '--mat-sys-primary', value: (e) => e.valDice },
  { label: 'IoU', color: '--mat-sys-tertiary', value: (e) => e.valIou, dashed: true },
];

interface Progress {
  epoch: number;
  epochs: number;
  step: number;
  totalSteps: number;
  samplesPerSecond: number;
  etaSeconds: number;
}

/** `Epoch 3/30 · step 12/40 · 45.2 samples/s · ETA 1m 20s`. */
export function progressText(p: Progress): string {
  const parts = [`Epoch ${p.epoch}/${p.epochs}`];
  if (p.totalSteps > 0) parts.push(`step ${p.step}/${p.totalSteps}`);
  if (p.samplesPerSecond > 0) parts.push(`${p.samplesPerSecond.toFixed(1)} samples/s`);
  if (p.etaSeconds > 0) parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
  return parts.join(' · ');
}

/** One model: live progress while it trains, its loss and Dice curves, and how it was made. */
@Component({
  selector: 'app-model-detail',
  imports: [
    DangerButton,
    DatePipe,
    DecimalPipe,
    LoadState,
    MatButton,
    MatIcon,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
    MatProgressBar,
    ModelGainPanel,
    ModelJobs,
    ModelInfo,
    MetricChart,
    PageHeader,
    RouterLink,
    SharingPanel,
    StatusChip,
  ],
  templateUrl: './model-detail.html',
  styleUrl: './model-detail.scss',
})
export class ModelDetail {
  protected readonly auth = inject(AuthService);
  /** Bound from the `:id` route parameter. */
  readonly id = input.required<string>();

  protected readonly models = inject(ModelDetailStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);

  private readonly route = new RouteDetail({
    id: this.id,
    detail: this.models.detail,
    open: (id) => this.models.openModel(id),
    close: () => this.models.closeModel(),
    title: (model) => `${model.name} · Training · MedSeg`,
  });
  protected readonly model = this.route.item;
  protected readonly epochs = computed(() => (this.model() ? this.models.epochs() : []));
  protected readonly cancelled = computed(() => {
    const model = this.model();
    return !!model && isCancelled(model);
  });
  /** The model as its status chip should show it: the running epoch from the live stream. */
  protected readonly chipModel = computed(() => {
    const model = this.model();
    const step = this.models.step();
    return model && step && model.status === 'training'
      ? { ...model, progress: { ...step } }
      : model;
  });
  protected readonly modelChip = modelChip;
  /** Cancel, delete and upload retry, with their busy flags. */
  protected readonly actions = new ModelActions();
  protected readonly lineage = computed(() => {
    const model = this.model();
    return model ? modelLineage(model) : null;
  });
  /** "Block finder v2" of each parent and child shown, by id (read once per lineage). */
  protected readonly relatives = signal<ReadonlyMap<string, string>>(new Map());
  private readonly relativeIds = computed(
    () => {
      const lineage = this.lineage();
      return lineage ? lineageIds(lineage) : [];
    },
    { equal: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]) },
  );
  protected readonly canRetryUpload = computed(() => {
    const model = this.model();
    return !!model && canRetryUpload(model);
  });

  /** Where the running epoch is: from the live stream, else from the last load. */
  protected readonly progress = computed((): Progress | null => {
    const model = this.model();
    if (model?.status !== 'training' || model.jobState === 'queued') return null;
    const step = this.models.step();
    if (step) return step;
    if (model.progress) return model.progress;
    return {
      epoch: Math.min(model.epochsDone + 1, model.epochs),
      epochs: model.epochs,
      step: 0,
      totalSteps: 0,
      samplesPerSecond: 0,
      etaSeconds: 0,
    };
  });
  protected readonly progressText = computed(() => {
    const progress = this.progress();
    return progress ? progressText(progress) : '';
  });
  protected readonly stepPercent = computed(() => {
    const p = this.progress();
    return p && p.totalSteps > 0 ? (100 * p.step) / p.totalSteps : null;
  });
  protected readonly overallPercent = computed(() => {
    const p = this.progress();
    if (!p || p.epochs <= 0) return 0;
    const within = p.totalSteps > 0 ? p.step / p.totalSteps : 0;
    return (100 * (p.epoch - 1 + within)) / p.epochs;
  });

  /** The epoch whose weights are kept: marked best, else the highest Dice. */
  protected readonly best = computed((): EpochDto | null => {
    const epochs = this.epochs();
    const marked = epochs.filter((e) => e.isBest).at(-1);
    if (marked) return marked;
    return epochs.reduce<EpochDto | null>(
      (a, e) => (!a || (e.valDice ?? -1) > (a.valDice ?? -1) ? e : a),
      null,
    );
  });
  /** Best Dice/IoU/epoch: the model card's final metrics, else the history's best while training. */
  protected readonly summary = computed(() =>
    bestSummary(this.model()?.metrics ?? null, this.best()),
  );
  protected readonly last = computed(() => this.epochs().at(-1) ?? null);
  protected readonly lossSeries = LOSS_SERIES;
  protected readonly diceSeries = DICE_SERIES;
  protected readonly architectureLabel = architectureLabel;
  protected readonly formatDuration = formatDuration;
  protected readonly exportFormats = EXPORT_FORMATS;
  protected readonly exportUrl = exportUrl;

  protected readonly saveVisibility = (visibility: Visibility) =>
    this.models.setVisibility(this.id(), visibility);

  constructor() {
    effect(() => {
      const ids = this.relativeIds();
      void this.models.relatives(ids).then((models) => {
        if (ids !== this.relativeIds()) return;
        this.relatives.set(new Map(models.map((m) => [m.id, relativeName(m)])));
      });
    });
  }

  protected retry(): void {
    this.route.retry();
  }

  protected exportStarted(format: ExportFormat): void {
    const label = EXPORT_FORMATS.find((f) => f.value === format)?.label ?? format;
    this.snackBar.open(
      `Preparing the ${label} bundle: the first export takes a few seconds, then the download starts.`,
      'OK',
      { duration: 6000 },
    );
  }

  protected async evaluate(model: ModelDetailDto): Promise<void> {
    const ref = this.dialog.open<EvaluateDialog, EvaluateDialogData, EvaluationDto>(
      EvaluateDialog,
      {
        data: { model },
        width: '520px',
      },
    );
    const evaluation = await firstValueFrom(ref.afterClosed());
    if (evaluation) await this.router.navigate(['/evaluations', evaluation.id]);
  }

  /** Fine-tunes this model; opens the queued child. */
  protected async fineTune(model: ModelDetailDto): Promise<void> {
    const ref = this.dialog.open<FineTuneDialog, FineTuneDialogData, ModelDto>(FineTuneDialog, {
      data: { model },
      width: '480px',
    });
    const child = await firstValueFrom(ref.afterClosed());
    if (child) await this.router.navigate(['/training', child.id]);
  }

  protected async batch(model: ModelDetailDto): Promise<void> {
    const ref = this.dialog.open<BatchDialog, BatchDialogData, BatchDto>(BatchDialog, {
      data: { model },
      width: '560px',
      disableClose: true,
    });
    const batch = await firstValueFrom(ref.afterClosed());
    if (batch) await this.router.navigate(['/batches', batch.id]);
  }
}
