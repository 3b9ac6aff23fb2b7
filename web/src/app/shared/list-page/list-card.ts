import { Component, computed, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCard } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { MatPaginator, type PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ListFilter, type ListFilterValue } from '../list-filter';
import { type LoadError } from '../load-result';
import { type Page, type PagedQuery } from '../paged-list';

export const LIST_PAGE_SIZES = [10, 20, 50, 100];

/**
 * The frame of a list page's table (datasets, models): load error with Retry, the empty state
 * (content marked `empty`) when there is nothing at all, else a card with the search, status and
 * owner filters, a quiet loading bar, "no match", the table (the rest of the content) and the
 * paginator.
 */
@Component({
  selector: 'app-list-card',
  imports: [ListFilter, MatButton, MatCard, MatIcon, MatPaginator, MatProgressBar],
  templateUrl: './list-card.html',
  styleUrl: './list-card.scss',
})
export class ListCard {
  readonly list = input.required<Page<unknown> | null>();
  readonly query = input.required<PagedQuery>();
  readonly loading = input(false);
  readonly error = input<LoadError | null>(null);
  /** "dataset" or "model": used in the messages and labels. */
  readonly noun = input.required<string>();
  readonly errorTestId = input.required<string>();
  readonly statuses = input.required<readonly { value: string; label: string }[]>();
  readonly filterChange = output<ListFilterValue>();
  readonly page = output<PageEvent>();
  readonly retry = output();

  protected readonly pageSizes = LIST_PAGE_SIZES;
  protected readonly filter = computed((): ListFilterValue => ({
    search: this.query().search,
    status: this.query().status,
    owner: this.query().owner,
  }));
  protected readonly filtered = computed(
    () => !!this.filter().search || !!this.filter().status || !!this.filter().owner,
  );
}
