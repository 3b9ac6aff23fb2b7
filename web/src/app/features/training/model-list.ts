import { DatePipe, DecimalPipe } from '@angular/common';
import { Component, effect, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatIcon } from '@angular/material/icon';
import { type PageEvent } from '@angular/material/paginator';
import { type Sort } from '@angular/material/sort';
import { Router, RouterLink } from '@angular/router';
import { EmptyState } from '../../shared/empty-state';
import { type ListFilterValue } from '../../shared/list-filter';
import { SORTABLE_TABLE } from '../../shared/list-page/table-imports';
import { ListCard } from '../../shared/list-page/list-card';
import { filterChange, pageChange, sortChange } from '../../shared/list-page/list-query';
import { OwnerName } from '../../shared/ownership/owner-name';
import { visibilityChip } from '../../shared/ownership/ownership.model';
import { StatusChip } from '../../shared/status-chip';
import {
  MODEL_SORTS,
  MODEL_STATUS_CHOICES,
  type ModelDto,
  architectureLabel,
  listBestDice,
  modelChip,
} from './model.model';
import { ModelListStore } from './model-list.store';

/** While a model is queued or training the list is asked again this often. */
export const MODEL_LIST_POLL_MS = 2_000;

/** Sortable, paged table of the trained and training models. */
@Component({
  selector: 'app-model-list',
  imports: [
    DatePipe,
    DecimalPipe,
    EmptyState,
    ListCard,
    MatButton,
    MatCheckbox,
    MatIcon,
    OwnerName,
    RouterLink,
    StatusChip,
    ...SORTABLE_TABLE,
  ],
  templateUrl: './model-list.html',
  styleUrl: './model-list.scss',
})
export class ModelList {
  protected readonly models = inject(ModelListStore);
  protected readonly columns = [
    'select',
    'name',
    'version',
    'dataset',
    'architecture',
    'status',
    'owner',
    'visibility',
    'bestDice',
    'createdAt',
  ];
  protected readonly statusChoices = MODEL_STATUS_CHOICES;
  protected readonly architectureLabel = architectureLabel;
  protected readonly modelChip = modelChip;
  protected readonly visibilityChip = visibilityChip;
  protected readonly bestDice = listBestDice;
  protected readonly trackById = (_: number, model: ModelDto) => model.id;
  /** Completed models ticked for comparison; kept across pages. */
  protected readonly selected = signal<readonly string[]>([]);
  private readonly router = inject(Router);

  constructor() {
    this.models.loadList();

    // Runs after every answer (each is a new page), so polls never overlap; stops once no
    // model on the page is queued or training.
    effect((onCleanup) => {
      const list = this.models.list();
      if (!list?.items.some((m) => m.status === 'training')) return;
      const timer = setTimeout(() => this.models.loadList({ quiet: true }), MODEL_LIST_POLL_MS);
      onCleanup(() => clearTimeout(timer));
    });
  }

  protected toggle(model: ModelDto, checked: boolean): void {
    this.selected.update((ids) =>
      checked
        ? [...ids.filter((id) => id !== model.id), model.id]
        : ids.filter((id) => id !== model.id),
    );
  }

  protected compare(): void {
    void this.router.navigate(['/compare'], { queryParams: { ids: this.selected().join(',') } });
  }

  protected isSelected(model: ModelDto): boolean {
    return this.selected().includes(model.id);
  }

  protected onSort(sort: Sort): void {
    const change = sortChange(sort, MODEL_SORTS, { sort: 'createdAt', order: 'desc' });
    if (change) this.models.setListQuery(change);
  }

  protected onFilter(filter: ListFilterValue): void {
    this.models.setListQuery(filterChange(filter, MODEL_STATUS_CHOICES));
  }

  protected onPage(event: PageEvent): void {
    this.models.setListQuery(pageChange(event));
  }

  protected retry(): void {
    this.models.loadList();
  }
}
