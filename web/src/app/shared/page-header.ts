import { Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/** Title row of a page; actions for the page go in as content. */
@Component({
  selector: 'app-page-header',
  imports: [MatIcon],
  template: `
    <header class="page-header">
      <mat-icon class="page-icon" aria-hidden="true">{{ icon() }}</mat-icon>
      <div class="titles">
        <h1>{{ title() }}</h1>
        @if (subtitle()) {
          <p class="subtitle">{{ subtitle() }}</p>
        }
      </div>
      <div class="actions"><ng-content /></div>
    </header>
  `,
  styles: `
    .page-header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 16px;
      margin-bottom: 24px;
    }
    .page-icon {
      flex: none;
      width: 48px;
      height: 48px;
      font-size: 28px;
      display: grid;
      place-items: center;
      border-radius: 12px;
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .titles {
      // On a narrow screen the actions wrap below the title instead of squeezing it.
      flex: 1 1 240px;
      min-width: 0;
    }
    h1 {
      margin: 0;
      font: var(--mat-sys-headline-small);
    }
    .subtitle {
      margin: 2px 0 0;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .actions:empty {
      display: none;
    }
  `,
})
export class PageHeader {
  readonly title = input.required<string>();
  readonly subtitle = input('');
  readonly icon = input.required<string>();
}
