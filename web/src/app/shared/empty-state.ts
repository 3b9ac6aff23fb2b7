import { Component, input } from '@angular/core';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';

/** Card shown where a page has nothing to list; the explanation goes in as content. */
@Component({
  selector: 'app-empty-state',
  imports: [MatCard, MatCardContent, MatIcon],
  template: `
    <mat-card appearance="outlined" class="empty-state">
      <mat-card-content>
        <mat-icon class="empty-icon" aria-hidden="true">{{ icon() }}</mat-icon>
        <h2>{{ title() }}</h2>
        <div class="body"><ng-content /></div>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .empty-state {
      max-width: 640px;
    }
    mat-card-content {
      display: flex;
      flex-direction: column;
      align-items: center;
      text-align: center;
      padding: 40px 32px;
    }
    .empty-icon {
      width: 56px;
      height: 56px;
      font-size: 56px;
      color: var(--mat-sys-outline);
    }
    h2 {
      margin: 16px 0 8px;
      font: var(--mat-sys-title-large);
    }
    .body {
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
      max-width: 480px;
    }
  `,
})
export class EmptyState {
  readonly title = input.required<string>();
  readonly icon = input.required<string>();
}
