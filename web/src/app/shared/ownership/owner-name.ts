import { Component, input } from '@angular/core';
import { MatTooltip } from '@angular/material/tooltip';
import { NO_OWNER_HINT, type Owner } from './ownership.model';

/** An owner as lists and headers show it: the display name, or "—" (with why) when there is none. */
@Component({
  selector: 'app-owner-name',
  imports: [MatTooltip],
  template: `
    @if (owner(); as owner) {
      <span class="owner" data-testid="owner-name" [title]="owner.username">{{
        owner.displayName
      }}</span>
    } @else {
      <span
        class="owner none"
        data-testid="owner-name"
        tabindex="0"
        [matTooltip]="noOwnerHint"
        [attr.aria-label]="'No owner: ' + noOwnerHint"
        >—</span
      >
    }
  `,
  styles: `
    .owner {
      white-space: nowrap;
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
      cursor: help;
    }
  `,
})
export class OwnerName {
  readonly owner = input.required<Owner | null>();
  protected readonly noOwnerHint = NO_OWNER_HINT;
}
