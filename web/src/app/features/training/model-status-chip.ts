import { Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { type ModelDto, isCancelled } from './model.model';

export type ModelChipInput = Pick<
  ModelDto,
  | 'status'
  | 'jobState'
  | 'queuePosition'
  | 'error'
  | 'reason'
  | 'epochsDone'
  | 'epochs'
  | 'progress'
>;

/** What a model's status chip says: `Queued #2`, `Epoch 3/30`, `Completed`, `Cancelled`, … */
export function modelStatusLabel(model: ModelChipInput): string {
  if (model.status === 'completed') return 'Completed';
  if (model.status === 'failed') return isCancelled(model) ? 'Cancelled' : 'Failed';
  if (model.jobState === 'queued') {
    return model.queuePosition > 0 ? `Queued #${model.queuePosition}` : 'Queued';
  }
  const epochs = model.progress?.epochs || model.epochs;
  // The epoch that runs now: the one progress reports, else the one after those done.
  const epoch = model.progress?.epoch || Math.min(model.epochsDone + 1, epochs);
  return epochs > 0 ? `Epoch ${epoch}/${epochs}` : 'Training';
}

/** Status of a model as a small coloured chip, like the datasets' one. */
@Component({
  selector: 'app-model-status-chip',
  imports: [MatIcon, MatProgressSpinner],
  template: `
    <span
      class="status-chip"
      [class]="'status-' + kind()"
      data-testid="model-status"
      [attr.data-status]="model().status"
      [attr.data-state]="model().jobState"
    >
      @if (kind() === 'running') {
        <mat-progress-spinner
          mode="indeterminate"
          diameter="14"
          strokeWidth="2"
          aria-hidden="true"
        />
      } @else {
        <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
      }
      <span class="label">{{ label() }}</span>
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
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
      background: var(--mat-sys-surface-container-lowest);
    }
    .status-completed {
      --chip-color: var(--medseg-status-up);
    }
    .status-failed {
      --chip-color: var(--mat-sys-error);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .status-running,
    .status-queued {
      --chip-color: var(--mat-sys-primary);
    }
    .status-cancelled {
      --chip-color: var(--mat-sys-outline);
      color: var(--mat-sys-on-surface-variant);
    }
    mat-icon {
      width: 16px;
      height: 16px;
      font-size: 16px;
      color: var(--chip-color);
    }
  `,
})
export class ModelStatusChip {
  readonly model = input.required<ModelChipInput>();

  protected readonly kind = computed(() => {
    const model = this.model();
    if (model.status === 'training') return model.jobState === 'queued' ? 'queued' : 'running';
    if (model.status === 'failed' && isCancelled(model)) return 'cancelled';
    return model.status;
  });

  protected readonly icon = computed(() => {
    switch (this.kind()) {
      case 'queued':
        return 'hourglass_top';
      case 'completed':
        return 'check_circle';
      case 'cancelled':
        return 'block';
      default:
        return 'error';
    }
  });

  protected readonly label = computed(() => modelStatusLabel(this.model()));
}
