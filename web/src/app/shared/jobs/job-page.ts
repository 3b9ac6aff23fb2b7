import { type Signal, computed } from '@angular/core';
import { RouteDetail } from '../route-detail';
import { JobActions, type JobActionsOptions } from './job-actions';
import { isActive } from './job.model';
import { type JobDto, type JobStream } from './job-stream';

export interface JobPageOptions<T extends JobDto> {
  /** The `:id` route parameter. */
  id: Signal<string>;
  stream: JobStream<T>;
  /** Opens the job; defaults to the stream's own open. */
  open?: (id: string) => void;
  /** The browser tab's title for a loaded job. */
  title: (job: T) => string;
  actions: JobActionsOptions;
}

/**
 * What an evaluation or batch page does around its job: follows the route's job (a
 * {@link RouteDetail} over its stream) and offers retry, cancel and delete. Create it in a field
 * initializer (it injects and registers effects).
 */
export class JobPage<T extends JobDto & { modelId: string }> {
  /** The job of this page's id; null while another one is still shown or none is loaded. */
  readonly job: Signal<T | null>;
  readonly active: Signal<boolean>;
  private readonly actions: JobActions;
  readonly cancelling: Signal<boolean>;
  readonly deleting: Signal<boolean>;

  private readonly detail: RouteDetail<T>;

  constructor(private readonly options: JobPageOptions<T>) {
    const { id, stream } = options;
    this.detail = new RouteDetail({
      id,
      detail: stream.value,
      open: options.open ?? ((current) => stream.open(current)),
      close: () => stream.close(),
      title: options.title,
    });
    this.job = this.detail.item;
    this.active = computed(() => {
      const job = this.job();
      return !!job && isActive(job.state);
    });
    this.actions = new JobActions(options.actions);
    this.cancelling = this.actions.cancelling;
    this.deleting = this.actions.deleting;
  }

  retry(): void {
    this.detail.retry();
  }

  cancel(): Promise<void> {
    return this.actions.cancel(this.options.id());
  }

  async confirmDelete(): Promise<void> {
    const job = this.job();
    if (job) await this.actions.confirmDelete(job);
  }
}
