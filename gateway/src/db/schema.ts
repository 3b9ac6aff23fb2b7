import type { ColumnType } from 'kysely';

/** Kysely's view of the SQLite metadata cache. S3 stays the source of truth. */
export interface Database {
  datasets: DatasetTable;
  models: ModelTable;
  inference_results: InferenceResultTable;
}

export type DatasetStatus = 'uploaded' | 'ready' | 'error';
export type ModelStatus = 'training' | 'completed' | 'failed';

export interface DatasetTable {
  id: string;
  name: string;
  s3_bucket: string;
  s3_key: string;
  /** ISO-8601 UTC. */
  uploaded_at: string;
  file_count: number;
  total_size_mb: number;
  status: DatasetStatus;
}

export interface ModelTable {
  id: string;
  name: string;
  dataset_id: string;
  s3_bucket: string;
  s3_key: string;
  /** JSON text. */
  hyperparameters: string;
  /** JSON text. */
  metrics: string;
  trained_at: string | null;
  status: ModelStatus;
}

export interface InferenceResultTable {
  id: string;
  model_id: string;
  input_image_s3_key: string;
  output_image_s3_key: string;
  created_at: ColumnType<string, string | undefined, never>;
}
