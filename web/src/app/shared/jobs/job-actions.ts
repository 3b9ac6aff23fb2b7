import { signal } from '@angular/core';
import { UserActions } from '../user-actions';

export interface JobActionsOptions {
  /** "evaluation" or "batch": used in the messages. */
  noun: string;
  /** What deleting removes, for the confirmation. */
  deleteMessage: string;
  cancel: (id: string) => Promise<unknown>;
  delete: (id: string) => Promise<unknown>;
}

/**
 * Cancel and delete of one evaluation or batch, with the busy flags the pages bind to. Create it in
 * a field initializer (it injects the dialog, snack bar and router).
 */
export class JobActions {
  readonly cancelling = signal(false);
  readonly deleting = signal(false);
  private readonly ui = new UserActions();

  constructor(private readonly options: JobActionsOptions) {}

  cancel(id: string): Promise<void> {
    return this.ui.run(this.cancelling, () => this.options.cancel(id), {
      failed: `Could not cancel the ${this.options.noun}`,
    });
  }

  /** Asks first; after deleting, goes back to the job's model. */
  async confirmDelete(job: { id: string; modelId: string }): Promise<void> {
    const { noun } = this.options;
    const confirmed = await this.ui.confirm({
      title: `Delete this ${noun}?`,
      message: this.options.deleteMessage,
      confirmLabel: 'Delete',
      destructive: true,
    });
    if (!confirmed) return;
    await this.ui.run(this.deleting, () => this.options.delete(job.id), {
      done: `Deleted the ${noun}.`,
      failed: `Could not delete the ${noun}`,
      then: () => this.ui.router.navigate(['/training', job.modelId]),
    });
  }
}
