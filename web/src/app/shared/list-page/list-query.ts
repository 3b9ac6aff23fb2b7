import { type PageEvent } from '@angular/material/paginator';
import { type Sort } from '@angular/material/sort';
import { type ListFilterValue } from '../list-filter';
import { type OwnerFilter, ownerFilter } from '../ownership/ownership.model';

/**
 * The query change for a click on a sortable column header, or null for a column the API cannot
 * sort by. Material cycles asc → desc → none; with no sort the list falls back to its default.
 */
export function sortChange<S extends string>(
  sort: Sort,
  sorts: readonly S[],
  fallback: { sort: S; order: 'asc' | 'desc' },
): { sort: S; order: 'asc' | 'desc'; page: 1 } | null {
  const active = sort.active as S;
  if (!sorts.includes(active)) return null;
  if (!sort.direction) return { ...fallback, page: 1 };
  return { sort: active, order: sort.direction, page: 1 };
}

/**
 * The query change for a new search, status or owner; a status or owner the list does not know
 * means all.
 */
export function filterChange<T extends string>(
  filter: ListFilterValue,
  choices: readonly { value: T }[],
): { search: string; status: T | ''; owner: OwnerFilter; page: 1 } {
  const status = choices.find((s) => s.value === filter.status)?.value ?? '';
  return { search: filter.search, status, owner: ownerFilter(filter.owner), page: 1 };
}

/** The query change for the paginator (the API counts pages from 1). */
export function pageChange(event: PageEvent): { page: number; pageSize: number } {
  return { page: event.pageIndex + 1, pageSize: event.pageSize };
}
