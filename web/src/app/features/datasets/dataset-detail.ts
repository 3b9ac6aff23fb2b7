import { DatePipe, DecimalPipe } from '@angular/common';
import { Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DangerButton } from '../../shared/danger-button';
import { LoadState } from '../../shared/load-state';
import { RouteDetail } from '../../shared/route-detail';
import { formatBytes } from '../../shared/format';
import { type Visibility } from '../../shared/ownership/ownership.model';
import { SharingPanel } from '../../shared/ownership/sharing-panel';
import { PageHeader } from '../../shared/page-header';
import { StatusChip } from '../../shared/status-chip';
import { UserActions } from '../../shared/user-actions';
import {
  type CaseDto,
  type DatasetDetailDto,
  type PairDto,
  datasetChip,
  layoutText,
} from './dataset.model';
import { DatasetService } from './dataset.service';
import { DatasetCases } from './dataset-cases';
import { DatasetFingerprint } from './dataset-fingerprint';
import { DatasetStats } from './dataset-stats';
import { DatasetVersions } from './dataset-versions';
import { DatasetAutoFineTune } from './dataset-auto-fine-tune';
import { CaseViewerDialog, type CaseViewerData } from './case-viewer-dialog';
import { PairPreviewDialog, type PairPreviewData } from './pair-preview-dialog';

/** While the dataset is being inspected it is asked again this often. */
export const DETAIL_POLL_MS = 1_000;
/** Longer warning lists start folded to this many rows. */
export const WARNINGS_FOLDED = 8;

/** One dataset: status, what inspection found, warnings and the pairs as thumbnails. */
@Component({
  selector: 'app-dataset-detail',
  imports: [
    DangerButton,
    DatePipe,
    DatasetCases,
    DatasetFingerprint,
    DatasetStats,
    DatasetVersions,
    DatasetAutoFineTune,
    DecimalPipe,
    LoadState,
    MatButton,
    MatIcon,
    MatProgressBar,
    PageHeader,
    RouterLink,
    SharingPanel,
    StatusChip,
  ],
  templateUrl: './dataset-detail.html',
  styleUrl: './dataset-detail.scss',
})
export class DatasetDetail {
  protected readonly auth = inject(AuthService);
  /** Bound from the `:id` route parameter. */
  readonly id = input.required<string>();

  protected readonly datasets = inject(DatasetService);
  private readonly dialog = inject(MatDialog);
  private readonly ui = new UserActions();

  private readonly route = new RouteDetail({
    id: this.id,
    detail: this.datasets.detail,
    open: (id) => this.datasets.openDataset(id),
    title: (dataset) => `${dataset.name} · Datasets · MedSeg`,
  });
  protected readonly dataset = this.route.item;
  protected readonly deleting = signal(false);
  protected readonly warningsExpanded = signal(false);
  protected readonly visibleWarnings = computed(() => {
    const warnings = this.dataset()?.warnings ?? [];
    return this.warningsExpanded() ? warnings : warnings.slice(0, WARNINGS_FOLDED);
  });
  protected readonly inspectPercent = computed(() => {
    const progress = this.dataset()?.progress;
    return progress && progress.total > 0 ? (100 * progress.done) / progress.total : null;
  });
  protected readonly formatBytes = formatBytes;
  protected readonly datasetChip = datasetChip;
  protected readonly layoutText = layoutText;
  protected readonly foldedCount = WARNINGS_FOLDED;

  constructor() {
    // Runs after every answer (each is a new object), so polls never overlap.
    effect((onCleanup) => {
      if (this.dataset()?.status !== 'uploaded') return;
      const timer = setTimeout(() => this.datasets.refreshDetail(), DETAIL_POLL_MS);
      onCleanup(() => clearTimeout(timer));
    });
  }

  protected readonly saveVisibility = (visibility: Visibility) =>
    this.datasets.setVisibility(this.id(), visibility);

  protected retry(): void {
    this.route.retry();
  }

  protected openPair(pair: PairDto): void {
    const data: PairPreviewData = { pair, labels: this.dataset()?.labels ?? [] };
    this.dialog.open(PairPreviewDialog, {
      data,
      width: '880px',
      maxWidth: '95vw',
      autoFocus: 'dialog',
    });
  }

  /** Shows a case, image and mask, in the volume viewer. */
  protected openCase(c: CaseDto): void {
    const data: CaseViewerData = {
      case: c,
      labels: this.dataset()?.labels ?? [],
      datasetId: this.dataset()?.id,
    };
    this.dialog.open(CaseViewerDialog, {
      data,
      width: '1100px',
      maxWidth: '95vw',
      autoFocus: 'dialog',
    });
  }

  protected async confirmDelete(dataset: DatasetDetailDto): Promise<void> {
    const confirmed = await this.ui.confirm({
      title: `Delete “${dataset.name}”?`,
      message:
        dataset.status === 'uploaded'
          ? 'Its inspection stops, and the archive and everything inspection stored so far are removed. This cannot be undone.'
          : 'The archive, its thumbnails and everything inspection found are removed. This cannot be undone.',
      confirmLabel: 'Delete',
      destructive: true,
    });
    if (!confirmed) return;
    await this.ui.run(this.deleting, () => this.datasets.deleteDataset(dataset.id), {
      done: `Deleted “${dataset.name}”.`,
      failed: `Could not delete “${dataset.name}”`,
      then: () => this.ui.router.navigate(['/datasets']),
    });
  }
}
