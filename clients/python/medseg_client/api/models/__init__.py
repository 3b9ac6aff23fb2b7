""" Contains all the data models used in inputs/outputs """

from .aggregate_dto import AggregateDto
from .aggregate_dto_distance_unit import AggregateDtoDistanceUnit
from .annotation_conflict_body_dto import AnnotationConflictBodyDto
from .annotation_conflict_dto import AnnotationConflictDto
from .annotation_dto import AnnotationDto
from .annotation_dto_proposal_source import AnnotationDtoProposalSource
from .annotation_queue_dto import AnnotationQueueDto
from .annotation_queue_dto_ordering import AnnotationQueueDtoOrdering
from .annotation_queue_item_dto import AnnotationQueueItemDto
from .audit_actor_dto import AuditActorDto
from .audit_controller_list_action import AuditControllerListAction
from .audit_controller_list_kind import AuditControllerListKind
from .audit_event_dto import AuditEventDto
from .audit_event_dto_action import AuditEventDtoAction
from .audit_event_dto_kind import AuditEventDtoKind
from .audit_page_dto import AuditPageDto
from .auth_providers_dto import AuthProvidersDto
from .auto_choice_dto import AutoChoiceDto
from .auto_fine_tune_dto import AutoFineTuneDto
from .batch_compare_dto import BatchCompareDto
from .batch_compare_refusal_dto import BatchCompareRefusalDto
from .batch_compare_result_dto import BatchCompareResultDto
from .batch_controller_list_owner import BatchControllerListOwner
from .batch_dto import BatchDto
from .batch_dto_reason_type_1 import BatchDtoReasonType1
from .batch_dto_source import BatchDtoSource
from .batch_dto_state import BatchDtoState
from .batch_failure_dto import BatchFailureDto
from .case_dto import CaseDto
from .case_page_dto import CasePageDto
from .change_password_dto import ChangePasswordDto
from .channel_intensity_dto import ChannelIntensityDto
from .class_fraction_dto import ClassFractionDto
from .class_image_metrics_dto import ClassImageMetricsDto
from .class_metric_stats_dto import ClassMetricStatsDto
from .class_metrics_dto import ClassMetricsDto
from .class_palette_dto import ClassPaletteDto
from .class_scores_dto import ClassScoresDto
from .create_batch_dto import CreateBatchDto
from .create_evaluation_dto import CreateEvaluationDto
from .create_evaluation_dto_subset import CreateEvaluationDtoSubset
from .create_model_dto import CreateModelDto
from .create_token_dto import CreateTokenDto
from .create_user_dto import CreateUserDto
from .create_user_dto_role import CreateUserDtoRole
from .created_token_dto import CreatedTokenDto
from .created_user_dto import CreatedUserDto
from .dataset_controller_list_order import DatasetControllerListOrder
from .dataset_controller_list_owner import DatasetControllerListOwner
from .dataset_controller_list_sort import DatasetControllerListSort
from .dataset_controller_list_status import DatasetControllerListStatus
from .dataset_controller_queue_method import DatasetControllerQueueMethod
from .dataset_controller_save_annotation_body import DatasetControllerSaveAnnotationBody
from .dataset_controller_save_annotation_body_on_conflict import DatasetControllerSaveAnnotationBodyOnConflict
from .dataset_controller_save_annotation_body_proposal_source import DatasetControllerSaveAnnotationBodyProposalSource
from .dataset_controller_upload_body import DatasetControllerUploadBody
from .dataset_detail_dto import DatasetDetailDto
from .dataset_detail_dto_status import DatasetDetailDtoStatus
from .dataset_detail_dto_visibility import DatasetDetailDtoVisibility
from .dataset_dto import DatasetDto
from .dataset_dto_status import DatasetDtoStatus
from .dataset_dto_visibility import DatasetDtoVisibility
from .dataset_page_dto import DatasetPageDto
from .dataset_progress_dto import DatasetProgressDto
from .dataset_progress_dto_phase import DatasetProgressDtoPhase
from .dataset_stats_dto import DatasetStatsDto
from .dataset_version_dto import DatasetVersionDto
from .dependency_health_dto import DependencyHealthDto
from .dependency_health_dto_name import DependencyHealthDtoName
from .dependency_health_dto_status import DependencyHealthDtoStatus
from .epoch_dto import EpochDto
from .evaluation_controller_list_owner import EvaluationControllerListOwner
from .evaluation_dto import EvaluationDto
from .evaluation_dto_reason_type_1 import EvaluationDtoReasonType1
from .evaluation_dto_state import EvaluationDtoState
from .evaluation_dto_subset import EvaluationDtoSubset
from .evaluation_image_dto import EvaluationImageDto
from .evaluation_image_dto_distance_unit import EvaluationImageDtoDistanceUnit
from .evaluation_image_dto_kind import EvaluationImageDtoKind
from .export_controller_export_format import ExportControllerExportFormat
from .file_issue_dto import FileIssueDto
from .fine_tune_dto import FineTuneDto
from .fingerprint_dto import FingerprintDto
from .gain_class_dto import GainClassDto
from .gain_metric_dto import GainMetricDto
from .gain_metric_dto_metric import GainMetricDtoMetric
from .health_dto import HealthDto
from .health_dto_status import HealthDtoStatus
from .hyperparameter_range_dto import HyperparameterRangeDto
from .hyperparameters_dto import HyperparametersDto
from .hyperparameters_dto_architecture import HyperparametersDtoArchitecture
from .hyperparameters_dto_augmentation_preset import HyperparametersDtoAugmentationPreset
from .hyperparameters_dto_loss import HyperparametersDtoLoss
from .hyperparameters_dto_lr_schedule import HyperparametersDtoLrSchedule
from .hyperparameters_dto_optimizer import HyperparametersDtoOptimizer
from .hyperparameters_input_dto import HyperparametersInputDto
from .hyperparameters_input_dto_architecture import HyperparametersInputDtoArchitecture
from .hyperparameters_input_dto_augmentation_preset import HyperparametersInputDtoAugmentationPreset
from .hyperparameters_input_dto_loss import HyperparametersInputDtoLoss
from .hyperparameters_input_dto_lr_schedule import HyperparametersInputDtoLrSchedule
from .hyperparameters_input_dto_optimizer import HyperparametersInputDtoOptimizer
from .image_size_count_dto import ImageSizeCountDto
from .import_dataset_dto import ImportDatasetDto
from .inference_controller_list_owner import InferenceControllerListOwner
from .inference_controller_mask_format import InferenceControllerMaskFormat
from .inference_result_dto import InferenceResultDto
from .inference_result_dto_kind import InferenceResultDtoKind
from .input_size_rule_dto import InputSizeRuleDto
from .input_size_rule_dto_architecture import InputSizeRuleDtoArchitecture
from .job_completed_dto import JobCompletedDto
from .job_event_dto import JobEventDto
from .job_event_dto_type import JobEventDtoType
from .job_progress_dto import JobProgressDto
from .job_status_dto import JobStatusDto
from .job_status_dto_reason_type_1 import JobStatusDtoReasonType1
from .job_status_dto_state import JobStatusDtoState
from .label_name_dto import LabelNameDto
from .label_voxels_dto import LabelVoxelsDto
from .load_model_result_dto import LoadModelResultDto
from .loaded_model_dto import LoadedModelDto
from .login_dto import LoginDto
from .login_link_created_dto import LoginLinkCreatedDto
from .login_link_dto import LoginLinkDto
from .mask_patch_dto import MaskPatchDto
from .me_dto import MeDto
from .me_dto_auth_method import MeDtoAuthMethod
from .me_dto_role import MeDtoRole
from .model_classes_dto import ModelClassesDto
from .model_controller_list_order import ModelControllerListOrder
from .model_controller_list_owner import ModelControllerListOwner
from .model_controller_list_sort import ModelControllerListSort
from .model_controller_list_status import ModelControllerListStatus
from .model_defaults_dto import ModelDefaultsDto
from .model_defaults_dto_ranges import ModelDefaultsDtoRanges
from .model_detail_dto import ModelDetailDto
from .model_detail_dto_architecture import ModelDetailDtoArchitecture
from .model_detail_dto_job_state import ModelDetailDtoJobState
from .model_detail_dto_reason_type_1 import ModelDetailDtoReasonType1
from .model_detail_dto_status import ModelDetailDtoStatus
from .model_detail_dto_trigger import ModelDetailDtoTrigger
from .model_detail_dto_visibility import ModelDetailDtoVisibility
from .model_dto import ModelDto
from .model_dto_architecture import ModelDtoArchitecture
from .model_dto_job_state import ModelDtoJobState
from .model_dto_reason_type_1 import ModelDtoReasonType1
from .model_dto_status import ModelDtoStatus
from .model_dto_trigger import ModelDtoTrigger
from .model_dto_visibility import ModelDtoVisibility
from .model_gain_dto import ModelGainDto
from .model_gain_dto_state import ModelGainDtoState
from .model_metrics_dto import ModelMetricsDto
from .model_page_dto import ModelPageDto
from .model_split_dto import ModelSplitDto
from .model_weights_dto import ModelWeightsDto
from .name_count_dto import NameCountDto
from .oidc_provider_dto import OidcProviderDto
from .open_session_dto import OpenSessionDto
from .owner_dto import OwnerDto
from .pair_dto import PairDto
from .pair_page_dto import PairPageDto
from .prompt_dto import PromptDto
from .prompt_dto_kind import PromptDtoKind
from .prompt_dto_plane_axis import PromptDtoPlaneAxis
from .prompt_list_dto import PromptListDto
from .resync_result_dto import ResyncResultDto
from .saved_annotation_dto import SavedAnnotationDto
from .segment_case_dto import SegmentCaseDto
from .segment_pair_dto import SegmentPairDto
from .segment_result_dto import SegmentResultDto
from .session_dto import SessionDto
from .session_dto_spatial_dims import SessionDtoSpatialDims
from .session_grid_dto import SessionGridDto
from .set_auto_fine_tune_dto import SetAutoFineTuneDto
from .settings_dto import SettingsDto
from .stat_dto import StatDto
from .step_progress_dto import StepProgressDto
from .system_dto import SystemDto
from .system_dto_device import SystemDtoDevice
from .timings_dto import TimingsDto
from .token_dto import TokenDto
from .training_defaults_dto import TrainingDefaultsDto
from .training_defaults_dto_ranges import TrainingDefaultsDtoRanges
from .update_settings_dto import UpdateSettingsDto
from .update_user_dto import UpdateUserDto
from .update_user_dto_role import UpdateUserDtoRole
from .user_dto import UserDto
from .user_dto_role import UserDtoRole
from .user_ref_dto import UserRefDto
from .version_change_dto import VersionChangeDto
from .version_change_dto_kind import VersionChangeDtoKind
from .visibility_body_dto import VisibilityBodyDto
from .visibility_body_dto_visibility import VisibilityBodyDtoVisibility
from .volume_result_dto import VolumeResultDto
from .volume_result_dto_kind import VolumeResultDtoKind
from .volume_scores_dto import VolumeScoresDto
from .volume_scores_dto_distance_unit import VolumeScoresDtoDistanceUnit

__all__ = (
    "AggregateDto",
    "AggregateDtoDistanceUnit",
    "AnnotationConflictBodyDto",
    "AnnotationConflictDto",
    "AnnotationDto",
    "AnnotationDtoProposalSource",
    "AnnotationQueueDto",
    "AnnotationQueueDtoOrdering",
    "AnnotationQueueItemDto",
    "AuditActorDto",
    "AuditControllerListAction",
    "AuditControllerListKind",
    "AuditEventDto",
    "AuditEventDtoAction",
    "AuditEventDtoKind",
    "AuditPageDto",
    "AuthProvidersDto",
    "AutoChoiceDto",
    "AutoFineTuneDto",
    "BatchCompareDto",
    "BatchCompareRefusalDto",
    "BatchCompareResultDto",
    "BatchControllerListOwner",
    "BatchDto",
    "BatchDtoReasonType1",
    "BatchDtoSource",
    "BatchDtoState",
    "BatchFailureDto",
    "CaseDto",
    "CasePageDto",
    "ChangePasswordDto",
    "ChannelIntensityDto",
    "ClassFractionDto",
    "ClassImageMetricsDto",
    "ClassMetricsDto",
    "ClassMetricStatsDto",
    "ClassPaletteDto",
    "ClassScoresDto",
    "CreateBatchDto",
    "CreatedTokenDto",
    "CreatedUserDto",
    "CreateEvaluationDto",
    "CreateEvaluationDtoSubset",
    "CreateModelDto",
    "CreateTokenDto",
    "CreateUserDto",
    "CreateUserDtoRole",
    "DatasetControllerListOrder",
    "DatasetControllerListOwner",
    "DatasetControllerListSort",
    "DatasetControllerListStatus",
    "DatasetControllerQueueMethod",
    "DatasetControllerSaveAnnotationBody",
    "DatasetControllerSaveAnnotationBodyOnConflict",
    "DatasetControllerSaveAnnotationBodyProposalSource",
    "DatasetControllerUploadBody",
    "DatasetDetailDto",
    "DatasetDetailDtoStatus",
    "DatasetDetailDtoVisibility",
    "DatasetDto",
    "DatasetDtoStatus",
    "DatasetDtoVisibility",
    "DatasetPageDto",
    "DatasetProgressDto",
    "DatasetProgressDtoPhase",
    "DatasetStatsDto",
    "DatasetVersionDto",
    "DependencyHealthDto",
    "DependencyHealthDtoName",
    "DependencyHealthDtoStatus",
    "EpochDto",
    "EvaluationControllerListOwner",
    "EvaluationDto",
    "EvaluationDtoReasonType1",
    "EvaluationDtoState",
    "EvaluationDtoSubset",
    "EvaluationImageDto",
    "EvaluationImageDtoDistanceUnit",
    "EvaluationImageDtoKind",
    "ExportControllerExportFormat",
    "FileIssueDto",
    "FineTuneDto",
    "FingerprintDto",
    "GainClassDto",
    "GainMetricDto",
    "GainMetricDtoMetric",
    "HealthDto",
    "HealthDtoStatus",
    "HyperparameterRangeDto",
    "HyperparametersDto",
    "HyperparametersDtoArchitecture",
    "HyperparametersDtoAugmentationPreset",
    "HyperparametersDtoLoss",
    "HyperparametersDtoLrSchedule",
    "HyperparametersDtoOptimizer",
    "HyperparametersInputDto",
    "HyperparametersInputDtoArchitecture",
    "HyperparametersInputDtoAugmentationPreset",
    "HyperparametersInputDtoLoss",
    "HyperparametersInputDtoLrSchedule",
    "HyperparametersInputDtoOptimizer",
    "ImageSizeCountDto",
    "ImportDatasetDto",
    "InferenceControllerListOwner",
    "InferenceControllerMaskFormat",
    "InferenceResultDto",
    "InferenceResultDtoKind",
    "InputSizeRuleDto",
    "InputSizeRuleDtoArchitecture",
    "JobCompletedDto",
    "JobEventDto",
    "JobEventDtoType",
    "JobProgressDto",
    "JobStatusDto",
    "JobStatusDtoReasonType1",
    "JobStatusDtoState",
    "LabelNameDto",
    "LabelVoxelsDto",
    "LoadedModelDto",
    "LoadModelResultDto",
    "LoginDto",
    "LoginLinkCreatedDto",
    "LoginLinkDto",
    "MaskPatchDto",
    "MeDto",
    "MeDtoAuthMethod",
    "MeDtoRole",
    "ModelClassesDto",
    "ModelControllerListOrder",
    "ModelControllerListOwner",
    "ModelControllerListSort",
    "ModelControllerListStatus",
    "ModelDefaultsDto",
    "ModelDefaultsDtoRanges",
    "ModelDetailDto",
    "ModelDetailDtoArchitecture",
    "ModelDetailDtoJobState",
    "ModelDetailDtoReasonType1",
    "ModelDetailDtoStatus",
    "ModelDetailDtoTrigger",
    "ModelDetailDtoVisibility",
    "ModelDto",
    "ModelDtoArchitecture",
    "ModelDtoJobState",
    "ModelDtoReasonType1",
    "ModelDtoStatus",
    "ModelDtoTrigger",
    "ModelDtoVisibility",
    "ModelGainDto",
    "ModelGainDtoState",
    "ModelMetricsDto",
    "ModelPageDto",
    "ModelSplitDto",
    "ModelWeightsDto",
    "NameCountDto",
    "OidcProviderDto",
    "OpenSessionDto",
    "OwnerDto",
    "PairDto",
    "PairPageDto",
    "PromptDto",
    "PromptDtoKind",
    "PromptDtoPlaneAxis",
    "PromptListDto",
    "ResyncResultDto",
    "SavedAnnotationDto",
    "SegmentCaseDto",
    "SegmentPairDto",
    "SegmentResultDto",
    "SessionDto",
    "SessionDtoSpatialDims",
    "SessionGridDto",
    "SetAutoFineTuneDto",
    "SettingsDto",
    "StatDto",
    "StepProgressDto",
    "SystemDto",
    "SystemDtoDevice",
    "TimingsDto",
    "TokenDto",
    "TrainingDefaultsDto",
    "TrainingDefaultsDtoRanges",
    "UpdateSettingsDto",
    "UpdateUserDto",
    "UpdateUserDtoRole",
    "UserDto",
    "UserDtoRole",
    "UserRefDto",
    "VersionChangeDto",
    "VersionChangeDtoKind",
    "VisibilityBodyDto",
    "VisibilityBodyDtoVisibility",
    "VolumeResultDto",
    "VolumeResultDtoKind",
    "VolumeScoresDto",
    "VolumeScoresDtoDistanceUnit",
)
