import { Clipboard } from '@angular/cdk/clipboard';
import { Component, inject, input, signal } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';

/**
 * A secret the gateway shows this once (an API token, a one-time login link): the text to
 * select, a copy button, and the warning that it will not be shown again.
 */
@Component({
  selector: 'app-secret-reveal',
  imports: [MatIcon, MatIconButton, MatTooltip],
  template: `
    <div class="secret-row">
      <code class="secret" [attr.data-testid]="testId()" tabindex="0">{{ secret() }}</code>
      <button
        matIconButton
        type="button"
        [attr.aria-label]="'Copy the ' + what()"
        [matTooltip]="copied() ? 'Copied' : 'Copy'"
        [attr.data-testid]="testId() + '-copy'"
        (click)="copy()"
      >
        <mat-icon>{{ copied() ? 'check' : 'content_copy' }}</mat-icon>
      </button>
    </div>
    <p class="warning" role="note">
      <mat-icon aria-hidden="true">visibility_off</mat-icon>
      <span>Copy it now: you will not see this {{ what() }} again.</span>
    </p>
    @if (copied()) {
      <span class="cdk-visually-hidden" role="status">Copied the {{ what() }}</span>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .secret-row {
      display: flex;
      align-items: center;
      gap: 4px;
      padding: 4px 4px 4px 12px;
      border-radius: 8px;
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface-container);
    }
    .secret {
      flex: 1;
      min-width: 0;
      overflow-wrap: anywhere;
      font:
        500 13px / 20px 'Roboto Mono',
        ui-monospace,
        monospace;
      user-select: all;
    }
    .warning {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
      mat-icon {
        flex: none;
        color: var(--medseg-status-warn, #b26a00);
      }
    }
  `,
})
export class SecretReveal {
  readonly secret = input.required<string>();
  /** "token" or "login link": used in the warning and the copy button's name. */
  readonly what = input.required<string>();
  readonly testId = input('secret');
  private readonly clipboard = inject(Clipboard);
  protected readonly copied = signal(false);

  protected copy(): void {
    this.copied.set(this.clipboard.copy(this.secret()));
  }
}
