import { DecimalPipe } from '@angular/common';
import { Component, computed, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { type PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { type Sort } from '@angular/material/sort';
import { formatDuration } from '../../shared/format';
import { SORTABLE_TABLE } from '../../shared/list-page/table-imports';
import { JobPageHeader } from '../../shared/jobs/job-page-parts';
import { LoadState } from '../../shared/load-state';
import { JobPage } from '../../shared/jobs/job-page';
import { AggregateTable } from './aggregate-table';
import { ClassMetricsTable } from './class-metrics-table';
import {
  type EvaluationImageDto,
  METRICS,
  type MetricKey,
  metricLabel,
  sizeText,
  unitText,
} from './evaluation.model';
import { EvaluationService, evaluationReportUrl } from './evaluation.service';
import { EvaluationImageDialog, type EvaluationImageDialogData } from './evaluation-image-dialog';
import {
  DEFAULT_IMAGE_SORT,
  IMAGE_SORT_KEYS,
  type ImageSortDirection,
  type ImageSortKey,
  sortImages,
} from './image-sort';

export const IMAGES_PAGE_SIZE = 50;

const TEST_IDS: Partial<Record<MetricKey, string>> = { dice: 'image-dice', nsd: 'image-nsd' };

/**
 * One evaluation: live progress while it runs, then its aggregate metrics and a table of every
 * image, worst first; a row opens it in the viewer with its prediction and ground truth over it
 * (a volume row: the whole case).
 */
@Component({
  selector: 'app-evaluation-page',
  imports: [
    AggregateTable,
    ClassMetricsTable,
    DecimalPipe,
    JobPageHeader,
    LoadState,
    MatButton,
    MatIcon,
    MatProgressBar,
    ...SORTABLE_TABLE,
  ],
  templateUrl: './evaluation-page.html',
  styleUrl: './evaluation-page.scss',
})
export class EvaluationPage {
  /** Bound from the `:id` route parameter. */
  readonly id = input.required<string>();

  protected readonly evaluations = inject(EvaluationService);
  private readonly dialog = inject(MatDialog);

  private readonly page = new JobPage({
    id: this.id,
    stream: this.evaluations.evaluation,
    open: (id) => this.evaluations.openEvaluation(id),
    title: (evaluation) => `Evaluation of ${evaluation.modelName} · MedSeg`,
    actions: {
      noun: 'evaluation',
      deleteMessage: 'Its report and per-image metrics are removed. This cannot be undone.',
      cancel: (id) => this.evaluations.cancelEvaluation(id),
      delete: (id) => this.evaluations.deleteEvaluation(id),
    },
  });
  protected readonly evaluation = this.page.job;
  protected readonly cancelling = this.page.cancelling;
  protected readonly deleting = this.page.deleting;
  protected readonly sort = signal<{ active: ImageSortKey; direction: ImageSortDirection }>(
    DEFAULT_IMAGE_SORT,
  );
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = IMAGES_PAGE_SIZE;
  protected readonly sortedImages = computed(() => {
    const images = this.evaluations.images() ?? [];
    const { active, direction } = this.sort();
    return sortImages(images, active, direction);
  });
  protected readonly pageImages = computed(() => {
    const start = this.pageIndex() * this.pageSize;
    return this.sortedImages().slice(start, start + this.pageSize);
  });
  /** The Error column only when an image failed; NSD only when the report has it (v2). */
  protected readonly columns = computed(() => {
    const images = this.evaluations.images() ?? [];
    const metrics = METRICS.map((m) => m.key).filter(
      (k) => k !== 'nsd' || this.evaluation()?.aggregate?.surfaceTolerance != null,
    );
    const columns = ['name', ...metrics, 'size'];
    return images.some((i) => i.error) ? [...columns, 'error'] : columns;
  });
  /** The aggregate's unit: every distance of the page is in it (mm for volumes, px for images). */
  protected readonly unit = computed(() => unitText(this.evaluation()?.aggregate?.distanceUnit));
  protected readonly unitLong = computed(() => {
    const unit = this.evaluation()?.aggregate?.distanceUnit;
    return unit === 'mm'
      ? 'millimetres'
      : unit === 'mixed'
        ? 'mm (volumes) or px (images)'
        : 'pixels';
  });
  protected readonly itemNoun = computed(() =>
    (this.evaluations.images() ?? []).some((i) => i.kind === 'volume') ? 'volumes' : 'images',
  );
  protected readonly unitsNote = computed(() => {
    const unit = this.evaluation()?.aggregate?.distanceUnit;
    if (unit === 'mm')
      return 'Each case is scored as a whole volume in 3D; distances in millimetres from its voxel spacing.';
    if (unit === 'mixed') return 'Volumes are scored in 3D in millimetres, 2D images in pixels.';
    return 'Distances are in pixels of each image (no voxel spacing).';
  });
  protected readonly metricColumns = computed(() => {
    const a = this.evaluation()?.aggregate;
    return METRICS.map((m) => ({
      key: m.key,
      label: metricLabel(m, a?.distanceUnit, a?.surfaceTolerance ?? null),
      digits: m.digits,
      testId: TEST_IDS[m.key],
    }));
  });
  protected readonly sizeText = sizeText;
  protected readonly reportUrl = computed(() => evaluationReportUrl(this.id()));
  protected readonly formatDuration = formatDuration;
  protected readonly trackByPosition = (_: number, image: EvaluationImageDto) => image.position;

  protected onSort(sort: Sort): void {
    const active = sort.active as ImageSortKey;
    if (!IMAGE_SORT_KEYS.includes(active)) return;
    this.sort.set({ active, direction: sort.direction });
    this.pageIndex.set(0);
  }

  protected onPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
  }

  protected retry(): void {
    this.page.retry();
  }

  protected openImage(image: EvaluationImageDto): void {
    const evaluation = this.evaluation();
    if (!evaluation) return;
    const images = this.sortedImages();
    this.dialog.open<EvaluationImageDialog, EvaluationImageDialogData>(EvaluationImageDialog, {
      data: {
        modelId: evaluation.modelId,
        datasetId: evaluation.datasetId,
        images,
        index: Math.max(0, images.indexOf(image)),
      },
      // A volume's scores table sits beside its viewer.
      width: images.some((i) => i.kind === 'volume') ? '1320px' : '960px',
      maxWidth: '96vw',
      autoFocus: false,
    });
  }

  protected cancel(): Promise<void> {
    return this.page.cancel();
  }

  protected confirmDelete(): Promise<void> {
    return this.page.confirmDelete();
  }
}
