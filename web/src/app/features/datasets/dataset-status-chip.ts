import { Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { type DatasetDto } from './dataset.model';

/** Status of a dataset as a small coloured chip; while inspecting it shows the phase and count. */
@Component({
  selector: 'app-dataset-status-chip',
  imports: [MatIcon, MatProgressSpinner],
  template: `
    <span
      class="status-chip"
      [class]="'status-' + dataset().status"
      data-testid="dataset-status"
      [attr.data-status]="dataset().status"
    >
      @if (dataset().status === 'uploaded') {
        <mat-progress-spinner
          mode="indeterminate"
          diameter="14"
          strokeWidth="2"
          aria-hidden="true"
        />
      } @else {
        <mat-icon aria-hidden="true">{{
          dataset().status === 'ready' ? 'check_circle' : 'error'
        }}</mat-icon>
      }
      <span class="label">{{ label() }}</span>
      @if (progressText(); as progress) {
        <span class="progress">{{ progress }}</span>
      }
    </span>
  `,
  styles: `
    :host {
      display: inline-flex;
    }
    .status-chip {
      --chip-color: var(--mat-sys-outline);
      display: inline-flex;
      align-items: center;
      gap: 6px;
      height: 28px;
      padding: 0 10px;
      border-radius: 8px;
      border: 1px solid var(--chip-color);
      font: var(--mat-sys-label-large);
      white-space: nowrap;
      background: var(--mat-sys-surface-container-lowest);
    }
    .status-ready {
      --chip-color: var(--medseg-status-up);
    }
    .status-error {
      --chip-color: var(--mat-sys-error);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .status-uploaded {
      --chip-color: var(--mat-sys-primary);
    }
    mat-icon {
      width: 16px;
      height: 16px;
      font-size: 16px;
      color: var(--chip-color);
    }
    .progress {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class DatasetStatusChip {
  readonly dataset = input.required<Pick<DatasetDto, 'status' | 'progress'>>();

  protected readonly label = computed(() => {
    switch (this.dataset().status) {
      case 'uploaded':
        return 'Inspecting…';
      case 'ready':
        return 'Ready';
      case 'error':
        return 'Error';
    }
  });

  /** `decoding 120/181` while inspecting; nothing otherwise. */
  protected readonly progressText = computed(() => {
    const { status, progress } = this.dataset();
    if (status !== 'uploaded' || !progress) return '';
    return progress.total > 0
      ? `${progress.phase} ${progress.done}/${progress.total}`
      : progress.phase;
  });
}
