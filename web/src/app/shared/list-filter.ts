import { Component, DestroyRef, type OnInit, inject, input, output, signal } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatFormField, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { OwnerFilterSelect } from './ownership/owner-filter-select';
import { type OwnerFilter } from './ownership/ownership.model';

/** Typing pauses this long before the list is asked again, so each keystroke is not a request. */
export const SEARCH_DEBOUNCE_MS = 250;

export interface ListFilterValue {
  search: string;
  /** '' for every status. */
  status: string;
  /** '' for everyone's the caller may see. */
  owner: OwnerFilter;
}

/** The search field, status and owner choice above a server-paged list (datasets, models). */
@Component({
  selector: 'app-list-filter',
  imports: [
    MatFormField,
    MatIcon,
    MatIconButton,
    MatInput,
    MatLabel,
    MatOption,
    OwnerFilterSelect,
    MatPrefix,
    MatSelect,
    MatSuffix,
  ],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="search">
      <mat-label>Search by name</mat-label>
      <mat-icon matPrefix aria-hidden="true">search</mat-icon>
      <input
        matInput
        type="search"
        data-testid="list-search"
        [value]="search()"
        (input)="onSearch($any($event.target).value)"
      />
      @if (search()) {
        <button
          matIconButton
          matSuffix
          type="button"
          aria-label="Clear the search"
          (click)="onSearch('', true)"
        >
          <mat-icon>close</mat-icon>
        </button>
      }
    </mat-form-field>
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="status">
      <mat-label>Status</mat-label>
      <mat-select data-testid="list-status" [value]="status()" (valueChange)="onStatus($event)">
        <mat-option value="">All</mat-option>
        @for (s of statuses(); track s.value) {
          <mat-option [value]="s.value">{{ s.label }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
    <app-owner-filter-select [value]="owner()" (valueChange)="onOwner($event)" />
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: center;
    }
    .search {
      flex: 1 1 260px;
      max-width: 420px;
    }
    .status {
      flex: 0 0 180px;
    }
  `,
})
export class ListFilter implements OnInit {
  readonly statuses = input.required<readonly { value: string; label: string }[]>();
  /** The filter the list has now (the service's query), shown on first render. */
  readonly initial = input<ListFilterValue>({ search: '', status: '', owner: '' });
  readonly filterChange = output<ListFilterValue>();

  protected readonly search = signal('');
  protected readonly status = signal('');
  protected readonly owner = signal<OwnerFilter>('');
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  ngOnInit(): void {
    this.search.set(this.initial().search);
    this.status.set(this.initial().status);
    this.owner.set(this.initial().owner);
  }

  protected onSearch(text: string, now = false): void {
    this.search.set(text);
    clearTimeout(this.timer);
    if (now) this.emit();
    else this.timer = setTimeout(() => this.emit(), SEARCH_DEBOUNCE_MS);
  }

  protected onStatus(status: string): void {
    this.status.set(status);
    clearTimeout(this.timer);
    this.emit();
  }

  protected onOwner(owner: OwnerFilter): void {
    this.owner.set(owner);
    clearTimeout(this.timer);
    this.emit();
  }

  private emit(): void {
    this.filterChange.emit({
      search: this.search().trim(),
      status: this.status(),
      owner: this.owner(),
    });
  }
}
