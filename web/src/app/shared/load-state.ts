import { Component, computed, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { EmptyState } from './empty-state';
import { type LoadError } from './load-result';

/** A detail page before its item is there: not found, could not load (with Retry) or loading. */
@Component({
  selector: 'app-load-state',
  imports: [EmptyState, MatButton, MatIcon, MatProgressBar, RouterLink],
  template: `
    @if (error(); as error) {
      @if (error.status === 404 || error.status === 400) {
        <app-empty-state icon="search_off" [title]="notFoundTitle()">
          <p>{{ error.message }}</p>
          <a matButton="filled" [routerLink]="backLink()">{{ backLabel() }}</a>
        </app-empty-state>
      } @else {
        <p class="inline-error" role="alert" [attr.data-testid]="testId()">
          <mat-icon aria-hidden="true">error</mat-icon>
          Could not load the {{ noun() }}: {{ error.message }}
          <button matButton type="button" (click)="retry.emit()">Retry</button>
        </p>
      }
    } @else {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'Loading the ' + noun()" />
    }
  `,
  styleUrl: './load-state.scss',
})
export class LoadState {
  readonly error = input<LoadError | null>(null);
  /** "model", "dataset", "evaluation", "batch". */
  readonly noun = input.required<string>();
  readonly notFoundTitle = input.required<string>();
  readonly backLink = input('/training');
  readonly backLabel = input('Back to training');
  /** Test id of the load error; `<noun>-load-error` unless the e2e tests know another. */
  readonly errorTestId = input<string | null>(null);
  readonly retry = output();

  protected readonly testId = computed(() => this.errorTestId() ?? `${this.noun()}-load-error`);
}
