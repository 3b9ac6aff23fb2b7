// One piece on purpose: the page is one loop (queue → open a case pre-segmented → edit → save or
// resolve a conflict → next) whose signals all feed each other; the pure parts already live apart
// (annotation.service.ts for REST, annotation-conflict-dialog.ts, unsaved-changes.guard.ts, and the
// editing logic in shared/volume-viewer/).
import { DecimalPipe } from '@angular/common';
import {
  Component,
  DestroyRef,
  HostListener,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { MatTooltip } from '@angular/material/tooltip';
import { errorMessage } from '../../shared/api-error';
import { ConfirmDialog, type ConfirmDialogData } from '../../shared/confirm-dialog';
import { SELECT_FIELD } from '../../shared/form-imports';
import { PageHeader } from '../../shared/page-header';
import { VolumeFileService } from '../../shared/volume-viewer/volume-file.service';
import { VolumeViewer } from '../../shared/volume-viewer/volume-viewer';
import { type ViewerInput } from '../../shared/volume-viewer/volume-viewer.model';
import { fileWindow } from '../../shared/volume-viewer/window-presets';
import { type ModelDto } from '../training/model.model';
import { AnnotationConflictDialog, type ConflictChoice } from './annotation-conflict-dialog';
import {
  type AnnotationQueueDto,
  type QueueMethod,
  type AnnotationQueueItemDto,
  type ProposalSource,
  CaseTimer,
  conflictOf,
  nextInQueue,
} from './annotation.model';
import { AnnotationService, caseImageUrl, caseMaskUrl } from './annotation.service';
import { DatasetService } from './dataset.service';
import { type HasUnsavedChanges } from './unsaved-changes.guard';

/** The case open in the editor and where its starting mask came from. */
interface OpenCase {
  item: AnnotationQueueItemDto;
  input: ViewerInput;
  source: ProposalSource;
  modelId: string | null;
  /** The mask the person started from (sent with the save); null for an empty start. */
  proposal: ArrayBuffer | null;
  timer: CaseTimer;
}

/** The "Pre-segment with" choice of the case's own mask instead of a model. */
const GROUND_TRUTH = 'ground-truth';

/** A model's mask of a case and the voxel value of each of its classes. */
interface Proposal {
  bytes: ArrayBuffer;
  labelValues: number[];
}

/**
 * Annotating a dataset: the queue of unlabeled cases (most uncertain first with a model), each
 * opened in the editor pre-segmented by the chosen model, saved as a new dataset version.
 */
@Component({
  selector: 'app-annotation-page',
  imports: [
    DecimalPipe,
    MatButton,
    MatFormField,
    MatIcon,
    MatLabel,
    MatProgressBar,
    MatTooltip,
    PageHeader,
    RouterLink,
    VolumeViewer,
    ...SELECT_FIELD,
  ],
  template: `
    <a matButton [routerLink]="['/datasets', id()]" class="back">
      <mat-icon>arrow_back</mat-icon>
      Dataset
    </a>
    <app-page-header
      icon="draw"
      [title]="'Annotate ' + (dataset()?.name ?? '')"
      [subtitle]="
        queue()
          ? 'Version ' + queue()!.version + ' · ' + queue()!.items.length + ' cases to label'
          : ''
      "
    />
    <div class="controls">
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="model">
        <mat-label>Pre-segment with</mat-label>
        <mat-select
          data-testid="annotation-model"
          [value]="modelId()"
          (valueChange)="chooseModel($event)"
        >
          <mat-option [value]="null">Nothing (start empty)</mat-option>
          <mat-option value="ground-truth">The case's own mask (ground truth)</mat-option>
          @for (m of models(); track m.id) {
            <mat-option [value]="m.id">{{ m.name }} v{{ m.version }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      @if (rankingModel()) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="method">
          <mat-label>Order the queue by</mat-label>
          <mat-select
            data-testid="annotation-method"
            [value]="method()"
            (valueChange)="chooseMethod($event)"
          >
            <mat-option value="entropy">Uncertainty (softmax entropy)</mat-option>
            <mat-option value="mc-dropout">Disagreement (Monte-Carlo dropout)</mat-option>
          </mat-select>
        </mat-form-field>
      }
      @if (current(); as c) {
        <!-- Up here, not under the canvas: in view without scrolling past the picture. -->
        <div class="actions">
          <span class="case-name" data-testid="annotation-case">{{ c.item.name }}</span>
          <button
            matButton="filled"
            type="button"
            data-testid="annotation-save"
            [disabled]="busy()"
            (click)="save(false)"
          >
            <mat-icon>check</mat-icon>
            Save
          </button>
          <button
            matButton="outlined"
            type="button"
            data-testid="annotation-save-next"
            [disabled]="busy()"
            (click)="save(true)"
          >
            Save &amp; next
            <mat-icon iconPositionEnd>chevron_right</mat-icon>
          </button>
        </div>
      }
    </div>
    @if (error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    <div class="layout">
      <nav class="queue" aria-labelledby="queue-title" data-testid="annotation-queue">
        <h2 id="queue-title" class="queue-title">
          To label
          @if (queue(); as q) {
            <span class="muted">{{
              q.ordering === 'index' ? 'in dataset order' : 'most uncertain first'
            }}</span>
            @if (method() === 'mc-dropout' && q.ordering === 'entropy') {
              <span class="muted" data-testid="annotation-method-fallback">
                This model was trained without dropout: ordered by entropy.
              </span>
            }
          }
        </h2>
        @for (item of queue()?.items ?? []; track item.caseIndex) {
          <button
            matButton
            type="button"
            [class.current]="item.caseIndex === current()?.item?.caseIndex"
            [attr.aria-current]="item.caseIndex === current()?.item?.caseIndex ? 'true' : null"
            [attr.data-case-name]="item.name"
            (click)="open(item)"
          >
            {{ item.name }}
            @if (item.score !== null) {
              <span class="muted score" matTooltip="Uncertainty of the model (higher first)">{{
                item.score | number: '1.2-2'
              }}</span>
            }
          </button>
        } @empty {
          <p class="muted">{{ queue() ? 'Every case is labelled.' : 'Loading the queue…' }}</p>
        }
      </nav>
      <section class="editor">
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" aria-label="Working" />
        }
        @if (current(); as c) {
          <app-volume-viewer testId="annotation-viewer" [input]="c.input" />
        } @else if (!busy()) {
          <p class="muted">Pick a case from the queue.</p>
        }
      </section>
    </div>
  `,
  styles: `
    .controls {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      margin-bottom: 12px;
    }
    .case-name {
      font: var(--mat-sys-title-medium);
    }
    .queue-title {
      display: flex;
      flex-direction: column;
      margin: 0 0 4px 12px;
      font: var(--mat-sys-title-small);
    }
    .queue-title .muted {
      font: var(--mat-sys-body-small);
    }
    .model {
      width: 320px;
    }
    .method {
      width: 300px;
    }
    .layout {
      display: grid;
      grid-template-columns: 220px 1fr;
      gap: 16px;
    }
    .queue {
      display: flex;
      flex-direction: column;
      max-height: 80vh;
      overflow: auto;
    }
    .queue button {
      justify-content: space-between;
    }
    .queue .current {
      background: var(--mat-sys-secondary-container);
    }
    .editor {
      display: flex;
      flex-direction: column;
      gap: 8px;
      min-width: 0;
    }
    .actions {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .error {
      color: var(--mat-sys-error);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class AnnotationPage implements HasUnsavedChanges {
  /** Bound from the `:id` route parameter. */
  readonly id = input.required<string>();
  /** `?case=`: a case to open at once (a labelled one too, from the case viewer). */
  readonly case = input<string | undefined>();
  /** `?start=ground-truth|empty`: what that case starts from. */
  readonly start = input<string | undefined>();
  private readonly annotations = inject(AnnotationService);
  private readonly datasets = inject(DatasetService);
  private readonly files = inject(VolumeFileService);
  private readonly dialog = inject(MatDialog);
  private readonly viewer = viewChild(VolumeViewer);

  protected readonly dataset = computed(() => {
    const d = this.datasets.detail();
    return d && d.id === this.id() ? d : null;
  });
  protected readonly models = signal<ModelDto[]>([]);
  protected readonly modelId = signal<string | null>(null);
  protected readonly queue = signal<AnnotationQueueDto | null>(null);
  protected readonly method = signal<QueueMethod>('entropy');
  protected readonly current = signal<OpenCase | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The version the open case was opened on (a save's base). */
  private baseVersion = 1;
  /** The next case's proposal, asked for while the person edits the current one. */
  private readonly proposals = new Map<string, Promise<Proposal>>();

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.datasets.openDataset(id);
        void this.loadModels(id);
        const index = Number(this.case());
        const openAtOnce = this.case() !== undefined && Number.isInteger(index) && index >= 0;
        if (openAtOnce && this.start() === 'ground-truth') this.modelId.set(GROUND_TRUTH);
        // The queue first: its version is the base of the case's save.
        void this.loadQueue().then(() => {
          if (!openAtOnce) return;
          const queued = this.queue()?.items.find((i) => i.caseIndex === index);
          void this.openCase(
            queued ?? {
              caseIndex: index,
              name: `case ${index}`,
              depth: 0,
              height: 0,
              width: 0,
              score: null,
            },
          );
        });
      });
    });
    const onVisibility = () => {
      const timer = this.current()?.timer;
      if (document.hidden) timer?.pause();
      else timer?.resume();
    };
    document.addEventListener('visibilitychange', onVisibility);
    inject(DestroyRef).onDestroy(() =>
      document.removeEventListener('visibilitychange', onVisibility),
    );
  }

  hasUnsavedChanges(): boolean {
    return !!this.current() && !!this.viewer()?.editState().edited;
  }

  @HostListener('window:beforeunload', ['$event'])
  protected onBeforeUnload(event: BeforeUnloadEvent): void {
    if (this.hasUnsavedChanges()) event.preventDefault();
  }

  protected chooseMethod(method: QueueMethod): void {
    this.method.set(method);
    void this.loadQueue();
  }

  protected chooseModel(modelId: string | null): void {
    this.modelId.set(modelId);
    void this.loadQueue();
  }

  /** The model that orders the queue (none for an empty or ground-truth start). */
  protected rankingModel(): string | null {
    const id = this.modelId();
    return id === GROUND_TRUTH ? null : id;
  }

  /** Opens a case in the editor, pre-segmented by the chosen model (or empty). */
  async open(item: AnnotationQueueItemDto): Promise<void> {
    if (item.caseIndex === this.current()?.item.caseIndex) return;
    if (this.hasUnsavedChanges() && !(await this.confirmDiscard())) return;
    await this.openCase(item);
  }

  /** Asks before the open case's edits are dropped for another case. */
  private async confirmDiscard(): Promise<boolean> {
    const ref = this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: {
        title: 'Discard your changes?',
        message: `${this.current()?.item.name ?? 'This case'} has unsaved edits. Open another case without saving them?`,
        confirmLabel: 'Discard',
        destructive: true,
      },
    });
    return (await firstValueFrom(ref.afterClosed())) === true;
  }

  protected async save(andNext: boolean, onConflict?: 'keep-both'): Promise<void> {
    const c = this.current();
    const viewer = this.viewer();
    if (!c || !viewer) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const mask = await viewer.exportMask();
      const result = await this.annotations.save(this.id(), c.item.caseIndex, {
        mask: new Blob([mask as BlobPart]),
        baseVersion: this.baseVersion,
        proposalSource: c.source,
        proposalModelId: c.modelId,
        proposal: c.proposal ? new Blob([c.proposal]) : null,
        secondsSpent: c.timer.seconds,
        onConflict,
      });
      viewer.markSaved();
      this.baseVersion = result.version.version;
      const next = nextInQueue(this.queue()?.items ?? [], c.item.caseIndex);
      this.queue.update(
        (q) =>
          q && {
            ...q,
            version: result.version.version,
            items: q.items.filter((i) => i.caseIndex !== c.item.caseIndex),
          },
      );
      this.busy.set(false);
      if (andNext) {
        if (next) await this.openCase(next);
        else this.current.set(null);
      }
    } catch (error) {
      this.busy.set(false);
      const conflict = conflictOf(error);
      if (!conflict) return this.error.set(errorMessage(error));
      const choice = await firstValueFrom(
        this.dialog
          .open<AnnotationConflictDialog, typeof conflict, ConflictChoice>(
            AnnotationConflictDialog,
            { data: conflict },
          )
          .afterClosed(),
      );
      if (choice === 'keep-both') return this.save(andNext, 'keep-both');
      if (choice === 'merge') {
        try {
          const theirs = await this.files.fetch({ url: conflict.maskUrl, name: 'theirs.nii.gz' });
          await viewer.mergeUnder(theirs);
          this.baseVersion = conflict.version;
          return this.save(andNext);
        } catch (mergeError) {
          this.error.set(errorMessage(mergeError));
        }
      }
    }
  }

  private async openCase(item: AnnotationQueueItemDto): Promise<void> {
    const datasetId = this.id();
    const modelId = this.modelId();
    this.busy.set(true);
    this.error.set(null);
    try {
      const fromTruth = modelId === GROUND_TRUTH;
      const segmented = modelId && !fromTruth ? await this.proposal(modelId, item.caseIndex) : null;
      const truth = fromTruth
        ? await this.files.fetch({
            url: caseMaskUrl(datasetId, item.caseIndex),
            name: 'mask.nii.gz',
          })
        : null;
      const proposal = segmented?.bytes ?? truth;
      const labelValues = segmented?.labelValues;
      const dataset = this.dataset();
      this.baseVersion = this.queue()?.version ?? 1;
      this.current.set({
        item,
        source: fromTruth ? 'ground-truth' : proposal ? 'model' : 'empty',
        modelId: segmented ? modelId : null,
        proposal,
        timer: new CaseTimer(),
        input: {
          image: { url: caseImageUrl(datasetId, item.caseIndex), name: 'image.nii.gz' },
          labels: dataset?.labels ?? [],
          labelValues,
          fileWindow: fileWindow(null, null),
          edit: {
            start: proposal ? { bytes: proposal.slice(0), name: 'mask.nii.gz' } : null,
            guide: this.guide(modelId, datasetId, item.caseIndex),
          },
        },
      });
      const next = nextInQueue(this.queue()?.items ?? [], item.caseIndex);
      if (segmented && modelId && next)
        this.proposal(modelId, next.caseIndex).catch(() => undefined);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }

  /** The prompt tools: a session on the case with a guided model, else why they are off. */
  private guide(modelId: string | null, datasetId: string, caseIndex: number) {
    const model = this.models().find((m) => m.id === modelId);
    if (!model)
      return {
        source: null,
        why: 'Pre-segment with a guided model to click, box, scribble or lasso',
      };
    if (!model.guided)
      return {
        source: null,
        why: `${model.name} was trained without guidance: train a guided model to prompt it`,
      };
    return { source: { modelId: model.id, datasetId, caseIndex }, why: '' };
  }

  /** The model's mask of a case, segmented once (also ahead of "Save & next"). */
  private proposal(modelId: string, caseIndex: number): Promise<Proposal> {
    const key = `${modelId}/${caseIndex}`;
    let proposal = this.proposals.get(key);
    if (!proposal) {
      proposal = (async () => {
        const result = await this.annotations.segmentCase(modelId, this.id(), caseIndex);
        const url = `/api/inference-results/${encodeURIComponent(result.id)}/volume/mask.nii.gz`;
        const bytes = await this.files.fetch({ url, name: 'mask.nii.gz' });
        return { bytes, labelValues: result.labelValues };
      })();
      // A failed one is asked again on the next open.
      proposal.catch(() => this.proposals.delete(key));
      this.proposals.set(key, proposal);
    }
    return proposal;
  }

  private async loadModels(datasetId: string): Promise<void> {
    try {
      this.models.set(await this.annotations.models(datasetId));
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  private async loadQueue(): Promise<void> {
    try {
      this.queue.set(await this.annotations.queue(this.id(), this.rankingModel(), this.method()));
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }
}
