import { type ApiSchema } from '../../shared/api-schema';

/** REST shapes of the human-in-the-loop endpoints (issue 13), generated from the gateway's OpenAPI. */
export type UserRefDto = ApiSchema<'UserRefDto'>;
export type VersionChangeDto = ApiSchema<'VersionChangeDto'>;
export type DatasetVersionDto = ApiSchema<'DatasetVersionDto'>;
export type AnnotationDto = ApiSchema<'AnnotationDto'>;
export type ProposalSource = AnnotationDto['proposalSource'];
export type SaveAnnotationResultDto = ApiSchema<'SavedAnnotationDto'>;
/** The other save a 409 names. */
export type AnnotationConflictDto = ApiSchema<'AnnotationConflictDto'>;
export type AnnotationQueueItemDto = ApiSchema<'AnnotationQueueItemDto'>;
export type AnnotationQueueDto = ApiSchema<'AnnotationQueueDto'>;
/** How a model orders the queue: both are MONAI Label strategies. */
export type QueueMethod = Exclude<AnnotationQueueDto['ordering'], 'index'>;
export type FineTuneRequestDto = ApiSchema<'FineTuneDto'>;

/** What one save sends (`POST /api/datasets/:id/cases/:index/annotations`, multipart). */
export interface AnnotationSave {
  mask: Blob;
  baseVersion: number;
  proposalSource: ProposalSource;
  proposalModelId: string | null;
  proposal: Blob | null;
  secondsSpent: number;
  onConflict?: 'fail' | 'keep-both';
}

/** The multipart body of a save, fields named as the contract names them. */
export function annotationForm(save: AnnotationSave): FormData {
  const form = new FormData();
  form.append('mask', save.mask, 'mask.nii.gz');
  form.append('baseVersion', String(save.baseVersion));
  form.append('proposalSource', save.proposalSource);
  if (save.proposalSource === 'model' && save.proposalModelId)
    form.append('proposalModelId', save.proposalModelId);
  if (save.proposal) form.append('proposal', save.proposal, 'proposal.nii.gz');
  form.append('secondsSpent', String(Math.max(0, Math.round(save.secondsSpent))));
  if (save.onConflict) form.append('onConflict', save.onConflict);
  return form;
}

/** The other save of a 409 answer's body; null for any other error. */
export function conflictOf(error: unknown): AnnotationConflictDto | null {
  const e = error as { status?: number; error?: { conflict?: AnnotationConflictDto } } | null;
  if (e?.status !== 409) return null;
  const conflict = e.error?.conflict;
  return conflict && typeof conflict.version === 'number' ? conflict : null;
}

/** The queue item after `caseIndex` (the first when it is not in the queue); null at the end. */
export function nextInQueue(
  items: readonly AnnotationQueueItemDto[],
  caseIndex: number | null,
): AnnotationQueueItemDto | null {
  const at = items.findIndex((i) => i.caseIndex === caseIndex);
  return items[at + 1] ?? null;
}

/** Seconds a case was open, leaving out time the tab was hidden. */
export class CaseTimer {
  private spent = 0;
  private since: number | null;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.since = now();
  }

  pause(): void {
    if (this.since === null) return;
    this.spent += this.now() - this.since;
    this.since = null;
  }

  resume(): void {
    if (this.since === null) this.since = this.now();
  }

  get seconds(): number {
    const running = this.since === null ? 0 : this.now() - this.since;
    return (this.spent + running) / 1000;
  }
}
