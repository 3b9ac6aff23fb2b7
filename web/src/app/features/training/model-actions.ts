import { inject, signal } from '@angular/core';
import { UserActions } from '../../shared/user-actions';
import { type ModelDetailDto } from './model.model';
import { ModelDetailStore } from './model-detail.store';

/**
 * Cancel, delete and upload retry of the open model, with the busy flags the page binds to.
 * Create it in a field initializer (it injects the dialog, snack bar and router).
 */
export class ModelActions {
  readonly cancelling = signal(false);
  readonly deleting = signal(false);
  readonly retrying = signal(false);
  private readonly models = inject(ModelDetailStore);
  private readonly ui = new UserActions();

  async confirmCancel(model: ModelDetailDto): Promise<void> {
    const confirmed = await this.ui.confirm({
      title: `Stop training “${model.name}”?`,
      message:
        'The job stops within one batch. After the first epoch the best epoch so far becomes ' +
        'the model (stopped early); before it, nothing is kept.',
      confirmLabel: 'Stop training',
      destructive: true,
    });
    if (!confirmed) return;
    await this.ui.run(this.cancelling, () => this.models.cancelModel(model.id), {
      failed: `Could not stop “${model.name}”`,
    });
  }

  /** Uploads the weights the ml-service kept after a failed upload; the model completes. */
  retryUpload(model: ModelDetailDto): Promise<void> {
    return this.ui.run(this.retrying, () => this.models.retryUpload(model.id), {
      done: `Uploaded the weights of “${model.name}”.`,
      failed: `Could not upload “${model.name}”`,
    });
  }

  async confirmDelete(model: ModelDetailDto): Promise<void> {
    const confirmed = await this.ui.confirm({
      title: `Delete “${model.name}” v${model.version}?`,
      message: 'Its weights and training history are removed. This cannot be undone.',
      confirmLabel: 'Delete',
      destructive: true,
    });
    if (!confirmed) return;
    await this.ui.run(this.deleting, () => this.models.deleteModel(model.id), {
      done: `Deleted “${model.name}” v${model.version}.`,
      failed: `Could not delete “${model.name}”`,
      then: () => this.ui.router.navigate(['/training']),
    });
  }
}
