import { Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';

/**
 * The outlined red button of every destructive action (delete, cancel). The test id goes on the
 * inner `<button>` so tests and e2e find, click and check `disabled` on the real control.
 */
@Component({
  selector: 'app-danger-button',
  imports: [MatButton, MatIcon],
  template: `
    <button
      matButton="outlined"
      type="button"
      class="danger"
      [attr.data-testid]="testId()"
      [disabled]="disabled()"
      (click)="pressed.emit()"
    >
      <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
      <ng-content />
    </button>
  `,
  styles: `
    .danger {
      --mat-button-outlined-label-text-color: var(--mat-sys-error);
    }
  `,
})
export class DangerButton {
  readonly testId = input.required<string>();
  readonly icon = input('delete');
  readonly disabled = input(false);
  readonly pressed = output();
}
