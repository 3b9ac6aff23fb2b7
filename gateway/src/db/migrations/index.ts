import type { Migration } from 'kysely/migration';
import * as initial from './0001_initial';
import * as datasetDetails from './0002_dataset_details';
import * as training from './0003_training';
import * as evaluation from './0004_evaluation';
import * as jobEvents from './0005_job_events';
import * as inferenceFileName from './0006_inference_file_name';
import * as dropUnreadColumns from './0007_drop_unread_columns';
import * as accounts from './0008_accounts';
import * as ownership from './0009_ownership';
import * as audit from './0010_audit';
import * as datasetCases from './0011_dataset_cases';
import * as inferenceKind from './0012_inference_kind';
import * as evaluationVolumes from './0013_evaluation_volumes';
import * as datasetVersions from './0014_dataset_versions';
import * as gainAutoFineTune from './0015_gain_auto_fine_tune';
import * as modelPostProcessing from './0016_model_post_processing';
import * as reportJobMirroring from './0017_report_job_mirroring';

/** Every migration in order; the key is the name Kysely records in its migration table. */
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_dataset_details': datasetDetails,
  '0003_training': training,
  '0004_evaluation': evaluation,
  '0005_job_events': jobEvents,
  '0006_inference_file_name': inferenceFileName,
  '0007_drop_unread_columns': dropUnreadColumns,
  '0008_accounts': accounts,
  '0009_ownership': ownership,
  '0010_audit': audit,
  '0011_dataset_cases': datasetCases,
  '0012_inference_kind': inferenceKind,
  '0013_evaluation_volumes': evaluationVolumes,
  '0014_dataset_versions': datasetVersions,
  '0015_gain_auto_fine_tune': gainAutoFineTune,
  '0016_model_post_processing': modelPostProcessing,
  '0017_report_job_mirroring': reportJobMirroring,
};
