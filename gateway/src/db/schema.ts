// One piece on purpose: Kysely types every query from the one `Database` interface, so each table's
// row type sits beside it; the migrations in ./migrations are where each table's history lives.
import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { BatchFailureDto } from '../dtos/batch.dto';
import type {
  AggregateDto,
  ClassImageMetricsDto,
  DistanceUnit,
  JobProgressDto,
  StatusReason,
} from '../dtos/job.dto';
import type { Role } from '../dtos/auth.dto';
import type { Visibility } from '../dtos/owner.dto';
import type { HyperparametersDto, StepProgressDto } from '../dtos/model.dto';
import type { DatasetStats, FileIssue } from '../services/dataset-manifest';
import type { ChannelIntensity, DatasetFingerprint, LabelName, LabelVoxels, VolumeGeometry } from '../generated/medseg/v1/volume';
import type { Parsed, ParsedValues } from './json-columns';

/** Kysely's view of the SQLite metadata cache. S3 stays the source of truth. */
export interface Database {
  datasets: DatasetTable;
  dataset_pairs: DatasetPairTable;
  dataset_cases: DatasetCaseTable;
  dataset_versions: DatasetVersionTable;
  dataset_auto_fine_tunes: DatasetAutoFineTuneTable;
  annotations: AnnotationTable;
  job_events: JobEventTable;
  models: ModelTable;
  inference_results: InferenceResultTable;
  evaluations: EvaluationTable;
  evaluation_images: EvaluationImageTable;
  batches: BatchTable;
  users: UserTable;
  api_tokens: ApiTokenTable;
  sessions: SessionTable;
  login_links: LoginLinkTable;
  audit_events: AuditEventTable;
}

/** A column with a database default: optional on insert. */
type WithDefault<T> = ColumnType<T, T | undefined, T>;

export type DatasetStatus = 'uploaded' | 'ready' | 'error';
export type ModelStatus = 'training' | 'completed' | 'failed';
export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
/** The ml-service's StatusReason of a job's terminal state, lower-case. */
export type JobReason = StatusReason;

export interface DatasetTable {
  id: string;
  name: string;
  /** ISO-8601 UTC. */
  uploaded_at: string;
  file_count: number;
  status: DatasetStatus;
  archive_bytes: WithDefault<number>;
  pair_count: WithDefault<number>;
  /** JSON text: DatasetStats, or null before inspection. */
  stats: WithDefault<string>;
  /** JSON text: string[]; why the dataset is in 'error'. */
  errors: WithDefault<string>;
  /** JSON text: {path, reason}[]; files skipped or adjusted. */
  warnings: WithDefault<string>;
  /** JSON text: {phase, done, total} while 'uploaded', else null. */
  progress: WithDefault<string>;
  /** The user who created it; null: stored before accounts existed (shared, admin-managed). */
  owner_id: WithDefault<string | null>;
  /** Cache of <prefix>/sharing.json; 'shared' for rows without an owner. */
  visibility: WithDefault<Visibility>;
  /** JSON text: LabelName[] (value, name, colour) from dataset.json / labels.json. */
  labels: WithDefault<string>;
  /** JSON text: DatasetFingerprint, or null without volumes. */
  fingerprint: WithDefault<string>;
  /** "msd", "images-masks", or '' (stored before layouts were recorded). */
  layout: WithDefault<string>;
  case_count: WithDefault<number>;
  /** Cases without a mask (MSD imagesTs/). */
  unlabeled_count: WithDefault<number>;
}

export interface DatasetPairTable {
  dataset_id: string;
  idx: number;
  name: string;
  image_path: string;
  mask_path: string;
  image_format: string;
  mask_format: string;
  width: number;
  height: number;
  channels: number;
  volume: string;
  slice_index: number;
  slice_count: number;
  /** JSON text: number[]. */
  labels: string;
  modality: string;
  shard_key: string;
  thumbnail_key: string;
  preview_key: string;
  /** The dataset_cases row of a volume slice (meaningless when volume is ''). */
  case_index: WithDefault<number>;
  /** 0 or 1: no mask (its mask tensor is all zeros); never trained or scored on. */
  unlabeled: WithDefault<number>;
}

/** One volume of a dataset; its slices are the pairs first_pair .. first_pair + depth - 1. */
export interface DatasetCaseTable {
  dataset_id: string;
  idx: number;
  name: string;
  /** JSON text: string[], archive paths per channel. */
  image_paths: string;
  mask_path: string;
  depth: number;
  height: number;
  width: number;
  channels: number;
  /** JSON text: number[], mm per (slice, row, column). */
  spacing: string;
  /** JSON text: VolumeGeometry or null. */
  geometry: string;
  modality: string;
  image_format: string;
  mask_format: string;
  first_pair: number;
  /** JSON text: LabelVoxels[]. */
  label_voxels: string;
  /** JSON text: ChannelIntensity[]. */
  intensities: string;
  series_uid: string;
  window_center: number;
  window_width: number;
  /** 0 or 1. */
  unlabeled: number;
}

export interface ModelTable {
  id: string;
  name: string;
  dataset_id: string;
  /** JSON text. */
  hyperparameters: string;
  /** JSON text. */
  metrics: string;
  trained_at: string | null;
  status: ModelStatus;
  /** Per model name: 1 for the first model called "x", 2 for the next, ... */
  version: WithDefault<number>;
  architecture: WithDefault<string>;
  job_state: WithDefault<JobState>;
  queue_position: WithDefault<number>;
  error: string | null;
  /** ISO-8601 UTC. */
  created_at: WithDefault<string>;
  epochs: WithDefault<number>;
  epochs_done: WithDefault<number>;
  best_dice: number | null;
  /** JSON text: the latest StepProgress while training, else null. */
  progress: WithDefault<string>;
  /** JSON text: {method, trainCount, valCount} from the model card. */
  split: WithDefault<string>;
  /** JSON text: {labelValues, classCount}. */
  classes: WithDefault<string>;
  /** JSON text: {bestBytes, lastBytes, bestSha256, lastSha256}. */
  weights: WithDefault<string>;
  /** Last ml-service event sequence stored; a re-attached watch resumes after it. */
  last_sequence: WithDefault<number>;
  reason: WithDefault<JobReason | null>;
  /** The user who created it; null: stored before accounts existed (shared, admin-managed). */
  owner_id: WithDefault<string | null>;
  /** Cache of <prefix>/sharing.json; 'shared' for rows without an owner. */
  visibility: WithDefault<Visibility>;
  /** The dataset version trained on (1: as uploaded). */
  dataset_version: WithDefault<number>;
  /** The model its weights started from (fine-tuning), or null. */
  parent_model_id: WithDefault<string | null>;
  /** Who queued it: a person, or the dataset's auto fine-tune rule (cache of models/<id>/origin.json). */
  trigger: WithDefault<ModelTrigger>;
  /** JSON text: ModelPostProcessing from the model card; null for cards written before it. */
  post_processing: WithDefault<string>;
}

export type ModelTrigger = 'manual' | 'auto-fine-tune';

/** Cache of datasets/<id>/auto-fine-tune.json: queue a fine-tune after N new masks. */
export interface DatasetAutoFineTuneTable {
  dataset_id: string;
  enabled: number;
  /** The model chosen to fine-tune from; each round fine-tunes its newest completed descendant. */
  model_id: string;
  new_masks: number;
  /** ISO-8601 UTC. */
  updated_at: string;
  /** The owner or admin who set it: the auto fine-tunes are queued as them. */
  updated_by: string | null;
}
export type DatasetAutoFineTuneRow = Selectable<DatasetAutoFineTuneTable>;

/** Cache of datasets/<id>/versions/<n>.json (n >= 2); version 1 is the manifest and has no row. */
export interface DatasetVersionTable {
  dataset_id: string;
  version: number;
  parent: number | null;
  /** ISO-8601 UTC. */
  created_at: string;
  created_by: string | null;
  /** JSON text: {"<caseIndex>": "<annotation id>"} for every case whose mask differs from version 1. */
  masks: WithDefault<string>;
  /** JSON text: DatasetVersionChange[], this version's own changes. */
  changes: WithDefault<string>;
}

export type AnnotationProposalSource = 'model' | 'ground-truth' | 'empty' | 'previous';
export interface DatasetVersionChange {
  caseIndex: number;
  caseName: string;
  annotationId: string;
  kind: 'added' | 'changed';
}

/** Cache of datasets/<id>/annotations/<id>/annotation.json: one saved mask of a case. */
export interface AnnotationTable {
  id: string;
  dataset_id: string;
  case_index: number;
  /** The version that commits it. */
  version: number;
  /** The version the person opened. */
  base_version: number;
  created_at: string;
  created_by: string | null;
  proposal_source: AnnotationProposalSource;
  proposal_model_id: string | null;
  seconds_spent: WithDefault<number>;
  changed_voxels: WithDefault<number>;
  total_voxels: WithDefault<number>;
  proposal_dice: number | null;
  /** JSON text: LabelVoxels[]. */
  label_voxels: WithDefault<string>;
  mask_key: string;
  /** '' unless the case is one slice. */
  mask_png_key: WithDefault<string>;
  mask_shard_key: string;
}

/** Replayable events of every job kind; a training's epoch history is its `epoch` rows. */
export interface JobEventTable {
  /** A model, evaluation or batch id. */
  job_id: string;
  sequence: number;
  type: 'status' | 'epoch' | 'completed';
  /** JSON text: the JobEventDto. */
  data: string;
}

export interface InferenceResultTable {
  id: string;
  model_id: string;
  input_image_s3_key: string;
  output_image_s3_key: string;
  /** The uploaded file's name, or "<dataset> #<pair>" for a dataset pair. */
  file_name: WithDefault<string>;
  created_at: ColumnType<string, string | undefined, never>;
  /** The user who created it; null: stored before accounts existed (shared, admin-managed). */
  owner_id: WithDefault<string | null>;
  /** image: one 2D image or slice (PNG masks); volume: a whole volume (NIfTI files). */
  kind: WithDefault<InferenceResultKind>;
}

export type InferenceResultKind = 'image' | 'volume';

/** The columns every report job (evaluation, batch) table has. */
export interface ReportJobColumns {
  id: string;
  model_id: string;
  state: WithDefault<JobState>;
  queue_position: WithDefault<number>;
  error: string | null;
  /** JSON text: the latest JobProgressDto, or null before the first. */
  progress: WithDefault<string>;
  image_count: WithDefault<number>;
  failed_count: WithDefault<number>;
  /** JSON text: AggregateDto once completed, else null. */
  aggregate: WithDefault<string>;
  report_bytes: WithDefault<number>;
  /** ISO-8601 UTC. */
  created_at: string;
  finished_at: string | null;
  /** Last ml-service event sequence applied; a re-attached watch resumes after it. */
  last_sequence: WithDefault<number>;
  reason: WithDefault<JobReason | null>;
  /** The user who created it; null: stored before accounts existed (shared, admin-managed). */
  owner_id: WithDefault<string | null>;
  /** 1: predicted with test-time mirroring (the mean over the inputs' mirror images). */
  test_time_mirroring: WithDefault<number>;
}

export interface EvaluationTable extends ReportJobColumns {
  dataset_id: string;
  /** The dataset version scored (1: as uploaded). */
  dataset_version: WithDefault<number>;
  subset: 'validation' | 'all';
  /** subset validation: the model whose split was scored (a gain's parent scores its child's); null: its own. */
  split_model_id: WithDefault<string | null>;
  /** models/<modelId>/evaluations/<id>.json */
  report_key: string;
}

export interface EvaluationImageTable {
  evaluation_id: string;
  position: number;
  pair_index: number;
  name: string;
  width: number;
  height: number;
  dice: number | null;
  iou: number | null;
  hausdorff95: number | null;
  surface_distance: number | null;
  nsd: number | null;
  /** 'volume': a whole case scored in 3D; 'image': a 2D image (every row of a v1 report). */
  kind: WithDefault<'image' | 'volume'>;
  /** JSON text: (slices, rows, columns) of a volume, (rows, columns) of an image. */
  shape: WithDefault<string>;
  /** JSON text: mm per axis of a volume; [] or 1s for pixels. */
  spacing: WithDefault<string>;
  distance_unit: WithDefault<DistanceUnit>;
  case_index: number | null;
  /** JSON text: per foreground class metrics (camelCase). */
  per_class: WithDefault<string>;
  error: string | null;
}

export interface BatchTable extends ReportJobColumns {
  source: 'archive' | 'dataset';
  /** The uploaded ZIP's file name, or the dataset's name. */
  input_name: string;
  dataset_id: string | null;
  input_bytes: WithDefault<number>;
  /** JSON text: {inputName, error}[]. */
  failures: WithDefault<string>;
  masks_bytes: WithDefault<number>;
  csv_bytes: WithDefault<number>;
}

/** What the JSON columns hold; the repositories parse and serialize them (db/json-columns.ts). */
export interface DatasetJson {
  stats: DatasetStats | null;
  errors: string[];
  warnings: FileIssue[];
  progress: { phase: 'downloading' | 'scanning' | 'decoding'; done: number; total: number } | null;
  labels: LabelName[];
  fingerprint: DatasetFingerprint | null;
}
export interface DatasetPairJson {
  labels: number[];
}
export interface DatasetCaseJson {
  image_paths: string[];
  spacing: number[];
  geometry: VolumeGeometry | null;
  label_voxels: LabelVoxels[];
  intensities: ChannelIntensity[];
}
export interface ModelJson {
  hyperparameters: HyperparametersDto;
  /** Null until the training completed (the seed's '{}' reads as null too). */
  metrics: ModelMetrics | null;
  progress: StepProgressDto | null;
  split: { method: string; trainCount: number; valCount: number } | null;
  classes: { labelValues: number[]; classCount: number; labels?: { value: number; name: string; color: string }[] } | null;
  weights: { bestBytes: number; lastBytes: number; bestSha256: string; lastSha256: string } | null;
  post_processing: ModelPostProcessing | null;
}

/**
 * The post-processing training chose on the validation cases (the card's "postprocessing", which the
 * ml-service applies to every prediction), by class index. Empty lists: none was chosen; `note` says why.
 */
export interface ModelPostProcessing {
  /** Classes reduced to their largest connected component. */
  largestComponentClasses: number[];
  /** Components of the class smaller than `size` become background; pixels (voxels for unet_3d) on the network's grid. */
  minComponentSize: { classIndex: number; size: number }[];
  /** Mean validation Dice of each class considered, as predicted (`before`) and with what was chosen (`after`). */
  validationDice: { classIndex: number; before: number | null; after: number | null }[];
  validationCases: number;
  /** Training cases that joined the decision; 0: validation alone decided. */
  trainingCases: number;
  note: string;
}

/** The final metrics of a completed training, from its card: the best epoch's validation scores. */
export interface ModelMetrics {
  bestEpoch: number;
  bestDice: number | null;
  bestIou: number | null;
  /** One entry per class, background included; null where the class was absent from validation. */
  perClass: { labelValue: number; dice: number | null; iou: number | null }[];
  /** Epochs run (fewer than asked for when the run stopped early). */
  epochsRun: number;
}

/** Rows as the repositories hand them out and take them: JSON columns parsed. */
export type DatasetRow = Parsed<Selectable<DatasetTable>, DatasetJson>;
export type NewDatasetRow = ParsedValues<Insertable<DatasetTable>, DatasetJson>;
export type DatasetChanges = ParsedValues<Updateable<DatasetTable>, DatasetJson>;
export type DatasetPairRow = Parsed<Selectable<DatasetPairTable>, DatasetPairJson>;
export type DatasetCaseRow = Parsed<Selectable<DatasetCaseTable>, DatasetCaseJson>;
export interface DatasetVersionJson {
  masks: Record<string, string>;
  changes: DatasetVersionChange[];
}
export interface AnnotationJson {
  label_voxels: LabelVoxels[];
}
export type DatasetVersionRow = Parsed<Selectable<DatasetVersionTable>, DatasetVersionJson>;
export type NewDatasetVersionRow = ParsedValues<Insertable<DatasetVersionTable>, DatasetVersionJson>;
export type AnnotationRow = Parsed<Selectable<AnnotationTable>, AnnotationJson>;
export type NewAnnotationRow = ParsedValues<Insertable<AnnotationTable>, AnnotationJson>;
export type ModelRow = Parsed<Selectable<ModelTable>, ModelJson>;
export type NewModelRow = ParsedValues<Insertable<ModelTable>, ModelJson>;
export type ModelChanges = ParsedValues<Updateable<ModelTable>, ModelJson>;
export interface EvaluationJson {
  progress: JobProgressDto | null;
  aggregate: AggregateDto | null;
}
export interface EvaluationImageJson {
  per_class: ClassImageMetricsDto[];
  shape: number[];
  spacing: number[];
}
export interface BatchJson extends EvaluationJson {
  failures: BatchFailureDto[];
}

export type EvaluationRow = Parsed<Selectable<EvaluationTable>, EvaluationJson>;
export type NewEvaluationRow = ParsedValues<Insertable<EvaluationTable>, EvaluationJson>;
export type EvaluationChanges = ParsedValues<Updateable<EvaluationTable>, EvaluationJson>;
export type EvaluationImageRow = Parsed<Selectable<EvaluationImageTable>, EvaluationImageJson>;
export type NewEvaluationImageRow = ParsedValues<Insertable<EvaluationImageTable>, EvaluationImageJson>;
export type BatchRow = Parsed<Selectable<BatchTable>, BatchJson>;
export type NewBatchRow = ParsedValues<Insertable<BatchTable>, BatchJson>;
export type BatchChanges = ParsedValues<Updateable<BatchTable>, BatchJson>;

/** Cache of users/<id>.json; last_login_at is SQLite's own. Times are ISO-8601 UTC. */
export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  /** Argon2id PHC string, or null: signs in by login link or single sign-on only. */
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  /** 0 or 1. */
  disabled: WithDefault<number>;
  created_at: string;
  updated_at: string;
  last_login_at: WithDefault<string | null>;
}

/** Cache of tokens/<id>.json; last_used_at is SQLite's own. */
export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  /** sha256 (hex) of the whole secret. */
  sha256: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: WithDefault<string | null>;
}

/** Browser sessions: SQLite only. */
export interface SessionTable {
  /** sha256 (hex) of the cookie value. */
  token_hash: string;
  user_id: string;
  /** 0 or 1: came from a login link, the user must set a password first. */
  must_set_password: WithDefault<number>;
  created_at: string;
  last_seen_at: string;
}

/** One-time login links: SQLite only. */
export interface LoginLinkTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

/** Cache of audit/<yyyy-mm-dd>/<time ms>-<id>.json; `pending` is SQLite's own. */
export interface AuditEventTable {
  id: string;
  /** `<time ms, 13 digits>-<id>`: orders the log, pages it, names the S3 object. */
  sort_key: string;
  /** ISO-8601 UTC. */
  time: string;
  /** Null: nobody signed in (a sign-in lock-out). */
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  kind: string;
  resource_id: string | null;
  resource_name: string | null;
  detail: string | null;
  /** 1 while the S3 object is not written yet (storage was down). */
  pending: WithDefault<number>;
}

export type UserRow = Selectable<UserTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type SessionRow = Selectable<SessionTable>;
