import { DatePipe } from '@angular/common';
import { Component, effect, inject } from '@angular/core';
import { type PageEvent } from '@angular/material/paginator';
import { type Sort } from '@angular/material/sort';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { EmptyState } from '../../shared/empty-state';
import { formatBytes } from '../../shared/format';
import { type ListFilterValue } from '../../shared/list-filter';
import { SORTABLE_TABLE } from '../../shared/list-page/table-imports';
import { ListCard } from '../../shared/list-page/list-card';
import { filterChange, pageChange, sortChange } from '../../shared/list-page/list-query';
import { OwnerName } from '../../shared/ownership/owner-name';
import { visibilityChip } from '../../shared/ownership/ownership.model';
import { PageHeader } from '../../shared/page-header';
import { StatusChip } from '../../shared/status-chip';
import {
  DATASET_SORTS,
  datasetChip,
  type DatasetDto,
  DATASET_STATUS_CHOICES,
} from './dataset.model';
import { DatasetService } from './dataset.service';
import { DatasetImport } from './dataset-import';
import { DatasetUpload } from './dataset-upload';

/** While a dataset is being inspected the list is asked again this often. */
export const LIST_POLL_MS = 1_000;

/** The datasets page: upload or import an archive, and a sortable, paged table of datasets. */
@Component({
  selector: 'app-dataset-list',
  imports: [
    DatePipe,
    DatasetImport,
    DatasetUpload,
    EmptyState,
    ListCard,
    OwnerName,
    PageHeader,
    RouterLink,
    StatusChip,
    ...SORTABLE_TABLE,
  ],
  templateUrl: './dataset-list.html',
  styleUrl: './dataset-list.scss',
})
export class DatasetList {
  protected readonly auth = inject(AuthService);
  protected readonly datasets = inject(DatasetService);
  protected readonly columns = [
    'name',
    'status',
    'owner',
    'visibility',
    'pairCount',
    'archiveBytes',
    'uploadedAt',
  ];
  protected readonly statusChoices = DATASET_STATUS_CHOICES;
  protected readonly formatBytes = formatBytes;
  protected readonly datasetChip = datasetChip;
  protected readonly visibilityChip = visibilityChip;
  // Polls return new objects for the same datasets: keep their rows instead of re-creating them.
  protected readonly trackById = (_: number, dataset: DatasetDto) => dataset.id;

  constructor() {
    this.datasets.loadList();

    // Reading the whole page makes this run after every answer, so each poll schedules the
    // next one only once the previous has come back; it stops when nothing is inspecting.
    effect((onCleanup) => {
      const list = this.datasets.list();
      if (!list?.items.some((d) => d.status === 'uploaded')) return;
      const timer = setTimeout(() => this.datasets.loadList({ quiet: true }), LIST_POLL_MS);
      onCleanup(() => clearTimeout(timer));
    });
  }

  protected onSort(sort: Sort): void {
    const change = sortChange(sort, DATASET_SORTS, { sort: 'uploadedAt', order: 'desc' });
    if (change) this.datasets.setListQuery(change);
  }

  protected onFilter(filter: ListFilterValue): void {
    this.datasets.setListQuery(filterChange(filter, DATASET_STATUS_CHOICES));
  }

  protected onPage(event: PageEvent): void {
    this.datasets.setListQuery(pageChange(event));
  }

  protected retry(): void {
    this.datasets.loadList();
  }
}
