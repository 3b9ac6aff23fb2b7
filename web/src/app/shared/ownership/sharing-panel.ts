import { Component, computed, input, signal } from '@angular/core';
import { MatSlideToggle, type MatSlideToggleChange } from '@angular/material/slide-toggle';
import { StatusChip } from '../status-chip';
import { UserActions } from '../user-actions';
import { OwnerName } from './owner-name';
import { type Owned, SHARING_HINT, type Visibility, visibilityChip } from './ownership.model';

/** A dataset or model as far as sharing goes. */
export interface Shareable extends Owned {
  name: string;
  visibility: Visibility;
}

/**
 * Who owns a dataset or model and who sees it, under its page header; its owner and admins
 * (`canShare`) also get the "Shared with the lab" toggle, with what sharing means. `save` sends
 * the new visibility; a refusal is said in a snack bar and the toggle stays as the gateway has it.
 */
@Component({
  selector: 'app-sharing-panel',
  imports: [MatSlideToggle, OwnerName, StatusChip],
  template: `
    <section class="sharing" aria-label="Owner and sharing" data-testid="sharing-panel">
      <span class="owner-line">
        <span class="muted">Owner</span>
        <app-owner-name [owner]="item().owner" />
      </span>
      <app-status-chip
        [view]="chip()"
        data-testid="visibility"
        [attr.data-visibility]="item().visibility"
      />
      @if (canShare()) {
        <mat-slide-toggle
          data-testid="sharing-toggle"
          [checked]="shared()"
          [disabled]="saving()"
          (change)="toggle($event)"
          >Shared with the lab</mat-slide-toggle
        >
        <span class="hint">{{ hint }}</span>
      } @else if (shared()) {
        <span class="hint">{{ hint }}</span>
      }
    </section>
  `,
  styles: `
    .sharing {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      margin: -12px 0 0;
    }
    .owner-line {
      display: inline-flex;
      gap: 6px;
      font: var(--mat-sys-body-medium);
    }
    .muted,
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
    .hint {
      flex: 1 1 280px;
      font: var(--mat-sys-body-small);
    }
  `,
})
export class SharingPanel {
  readonly item = input.required<Shareable>();
  /** "dataset" or "model": used in the messages. */
  readonly noun = input.required<string>();
  /** Whether the signed-in user may share it: `AuthService.can('share…', item)`. */
  readonly canShare = input(false);
  readonly save = input.required<(visibility: Visibility) => Promise<unknown>>();

  protected readonly saving = signal(false);
  protected readonly shared = computed(() => this.item().visibility === 'shared');
  protected readonly chip = computed(() => visibilityChip(this.item().visibility));
  protected readonly hint = SHARING_HINT;
  private readonly ui = new UserActions();

  protected async toggle(event: MatSlideToggleChange): Promise<void> {
    // The toggle shows what the gateway has: it moves once the answer is in, not before.
    event.source.checked = this.shared();
    const visibility: Visibility = event.checked ? 'shared' : 'private';
    const { name } = this.item();
    await this.ui.run(this.saving, () => this.save()(visibility), {
      done:
        visibility === 'shared'
          ? `Shared “${name}” with the lab.`
          : `“${name}” is private: only its owner and admins see it.`,
      failed: `Could not change who sees the ${this.noun()} “${name}”`,
    });
  }
}
