from medseg.v1 import dataset_service_pb2 as _dataset_service_pb2
from medseg.v1 import job_pb2 as _job_pb2
from medseg.v1 import sources_pb2 as _sources_pb2
from medseg.v1 import volume_pb2 as _volume_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Architecture(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ARCHITECTURE_UNSPECIFIED: _ClassVar[Architecture]
    ARCHITECTURE_UNET: _ClassVar[Architecture]
    ARCHITECTURE_ATTENTION_UNET: _ClassVar[Architecture]
    ARCHITECTURE_RESUNET: _ClassVar[Architecture]
    ARCHITECTURE_UNET_3D: _ClassVar[Architecture]

class Optimizer(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OPTIMIZER_UNSPECIFIED: _ClassVar[Optimizer]
    OPTIMIZER_ADAM: _ClassVar[Optimizer]
    OPTIMIZER_ADAMW: _ClassVar[Optimizer]
    OPTIMIZER_SGD: _ClassVar[Optimizer]

class LossFunction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LOSS_FUNCTION_UNSPECIFIED: _ClassVar[LossFunction]
    LOSS_FUNCTION_DICE_CE: _ClassVar[LossFunction]
    LOSS_FUNCTION_DICE: _ClassVar[LossFunction]
    LOSS_FUNCTION_CROSS_ENTROPY: _ClassVar[LossFunction]

class AugmentationPreset(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUGMENTATION_PRESET_UNSPECIFIED: _ClassVar[AugmentationPreset]
    AUGMENTATION_PRESET_NNUNET: _ClassVar[AugmentationPreset]
    AUGMENTATION_PRESET_LIGHT: _ClassVar[AugmentationPreset]

class LearningRateSchedule(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LEARNING_RATE_SCHEDULE_UNSPECIFIED: _ClassVar[LearningRateSchedule]
    LEARNING_RATE_SCHEDULE_POLY: _ClassVar[LearningRateSchedule]
    LEARNING_RATE_SCHEDULE_COSINE: _ClassVar[LearningRateSchedule]
ARCHITECTURE_UNSPECIFIED: Architecture
ARCHITECTURE_UNET: Architecture
ARCHITECTURE_ATTENTION_UNET: Architecture
ARCHITECTURE_RESUNET: Architecture
ARCHITECTURE_UNET_3D: Architecture
OPTIMIZER_UNSPECIFIED: Optimizer
OPTIMIZER_ADAM: Optimizer
OPTIMIZER_ADAMW: Optimizer
OPTIMIZER_SGD: Optimizer
LOSS_FUNCTION_UNSPECIFIED: LossFunction
LOSS_FUNCTION_DICE_CE: LossFunction
LOSS_FUNCTION_DICE: LossFunction
LOSS_FUNCTION_CROSS_ENTROPY: LossFunction
AUGMENTATION_PRESET_UNSPECIFIED: AugmentationPreset
AUGMENTATION_PRESET_NNUNET: AugmentationPreset
AUGMENTATION_PRESET_LIGHT: AugmentationPreset
LEARNING_RATE_SCHEDULE_UNSPECIFIED: LearningRateSchedule
LEARNING_RATE_SCHEDULE_POLY: LearningRateSchedule
LEARNING_RATE_SCHEDULE_COSINE: LearningRateSchedule

class Hyperparameters(_message.Message):
    __slots__ = ("epochs", "learning_rate", "batch_size", "architecture", "input_size", "validation_fraction", "augmentation", "optimizer", "loss", "seed", "depth", "base_channels", "encoder_depth", "patch_size", "target_spacing", "foreground_oversampling", "dropout", "guided", "augmentation_preset", "lr_schedule", "early_stopping_patience")
    EPOCHS_FIELD_NUMBER: _ClassVar[int]
    LEARNING_RATE_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    ARCHITECTURE_FIELD_NUMBER: _ClassVar[int]
    INPUT_SIZE_FIELD_NUMBER: _ClassVar[int]
    VALIDATION_FRACTION_FIELD_NUMBER: _ClassVar[int]
    AUGMENTATION_FIELD_NUMBER: _ClassVar[int]
    OPTIMIZER_FIELD_NUMBER: _ClassVar[int]
    LOSS_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    BASE_CHANNELS_FIELD_NUMBER: _ClassVar[int]
    ENCODER_DEPTH_FIELD_NUMBER: _ClassVar[int]
    PATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    TARGET_SPACING_FIELD_NUMBER: _ClassVar[int]
    FOREGROUND_OVERSAMPLING_FIELD_NUMBER: _ClassVar[int]
    DROPOUT_FIELD_NUMBER: _ClassVar[int]
    GUIDED_FIELD_NUMBER: _ClassVar[int]
    AUGMENTATION_PRESET_FIELD_NUMBER: _ClassVar[int]
    LR_SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    EARLY_STOPPING_PATIENCE_FIELD_NUMBER: _ClassVar[int]
    epochs: int
    learning_rate: float
    batch_size: int
    architecture: Architecture
    input_size: int
    validation_fraction: float
    augmentation: bool
    optimizer: Optimizer
    loss: LossFunction
    seed: int
    depth: int
    base_channels: int
    encoder_depth: int
    patch_size: _containers.RepeatedScalarFieldContainer[int]
    target_spacing: _containers.RepeatedScalarFieldContainer[float]
    foreground_oversampling: float
    dropout: float
    guided: bool
    augmentation_preset: AugmentationPreset
    lr_schedule: LearningRateSchedule
    early_stopping_patience: int
    def __init__(self, epochs: _Optional[int] = ..., learning_rate: _Optional[float] = ..., batch_size: _Optional[int] = ..., architecture: _Optional[_Union[Architecture, str]] = ..., input_size: _Optional[int] = ..., validation_fraction: _Optional[float] = ..., augmentation: _Optional[bool] = ..., optimizer: _Optional[_Union[Optimizer, str]] = ..., loss: _Optional[_Union[LossFunction, str]] = ..., seed: _Optional[int] = ..., depth: _Optional[int] = ..., base_channels: _Optional[int] = ..., encoder_depth: _Optional[int] = ..., patch_size: _Optional[_Iterable[int]] = ..., target_spacing: _Optional[_Iterable[float]] = ..., foreground_oversampling: _Optional[float] = ..., dropout: _Optional[float] = ..., guided: _Optional[bool] = ..., augmentation_preset: _Optional[_Union[AugmentationPreset, str]] = ..., lr_schedule: _Optional[_Union[LearningRateSchedule, str]] = ..., early_stopping_patience: _Optional[int] = ...) -> None: ...

class ArtifactTargets(_message.Message):
    __slots__ = ("best_weights_url", "last_weights_url", "card_url")
    BEST_WEIGHTS_URL_FIELD_NUMBER: _ClassVar[int]
    LAST_WEIGHTS_URL_FIELD_NUMBER: _ClassVar[int]
    CARD_URL_FIELD_NUMBER: _ClassVar[int]
    best_weights_url: str
    last_weights_url: str
    card_url: str
    def __init__(self, best_weights_url: _Optional[str] = ..., last_weights_url: _Optional[str] = ..., card_url: _Optional[str] = ...) -> None: ...

class StartTrainingJobRequest(_message.Message):
    __slots__ = ("job_id", "model_name", "hyperparameters", "dataset", "artifacts", "resume", "first_sequence", "owner_id", "init_from")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_NAME_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    RESUME_FIELD_NUMBER: _ClassVar[int]
    FIRST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    INIT_FROM_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    model_name: str
    hyperparameters: Hyperparameters
    dataset: _sources_pb2.DatasetSource
    artifacts: ArtifactTargets
    resume: bool
    first_sequence: int
    owner_id: str
    init_from: _sources_pb2.ModelSource
    def __init__(self, job_id: _Optional[str] = ..., model_name: _Optional[str] = ..., hyperparameters: _Optional[_Union[Hyperparameters, _Mapping]] = ..., dataset: _Optional[_Union[_sources_pb2.DatasetSource, _Mapping]] = ..., artifacts: _Optional[_Union[ArtifactTargets, _Mapping]] = ..., resume: _Optional[bool] = ..., first_sequence: _Optional[int] = ..., owner_id: _Optional[str] = ..., init_from: _Optional[_Union[_sources_pb2.ModelSource, _Mapping]] = ...) -> None: ...

class StartTrainingJobResponse(_message.Message):
    __slots__ = ("job", "hyperparameters")
    JOB_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    job: _job_pb2.Job
    hyperparameters: Hyperparameters
    def __init__(self, job: _Optional[_Union[_job_pb2.Job, _Mapping]] = ..., hyperparameters: _Optional[_Union[Hyperparameters, _Mapping]] = ...) -> None: ...

class RetryTrainingUploadRequest(_message.Message):
    __slots__ = ("job_id", "artifacts")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    artifacts: ArtifactTargets
    def __init__(self, job_id: _Optional[str] = ..., artifacts: _Optional[_Union[ArtifactTargets, _Mapping]] = ...) -> None: ...

class RetryTrainingUploadResponse(_message.Message):
    __slots__ = ("completed",)
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    completed: _job_pb2.TrainingCompleted
    def __init__(self, completed: _Optional[_Union[_job_pb2.TrainingCompleted, _Mapping]] = ...) -> None: ...

class GetTrainingDefaultsRequest(_message.Message):
    __slots__ = ("fingerprint", "stats")
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    STATS_FIELD_NUMBER: _ClassVar[int]
    fingerprint: _volume_pb2.DatasetFingerprint
    stats: _dataset_service_pb2.DatasetStats
    def __init__(self, fingerprint: _Optional[_Union[_volume_pb2.DatasetFingerprint, _Mapping]] = ..., stats: _Optional[_Union[_dataset_service_pb2.DatasetStats, _Mapping]] = ...) -> None: ...

class GetTrainingDefaultsResponse(_message.Message):
    __slots__ = ("defaults", "ranges", "input_size_rules", "volume_defaults", "auto_defaults", "auto_choices", "volume_choices")
    DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    RANGES_FIELD_NUMBER: _ClassVar[int]
    INPUT_SIZE_RULES_FIELD_NUMBER: _ClassVar[int]
    VOLUME_DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    AUTO_DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    AUTO_CHOICES_FIELD_NUMBER: _ClassVar[int]
    VOLUME_CHOICES_FIELD_NUMBER: _ClassVar[int]
    defaults: Hyperparameters
    ranges: _containers.RepeatedCompositeFieldContainer[HyperparameterRange]
    input_size_rules: _containers.RepeatedCompositeFieldContainer[InputSizeRule]
    volume_defaults: Hyperparameters
    auto_defaults: Hyperparameters
    auto_choices: _containers.RepeatedCompositeFieldContainer[AutoChoice]
    volume_choices: _containers.RepeatedCompositeFieldContainer[AutoChoice]
    def __init__(self, defaults: _Optional[_Union[Hyperparameters, _Mapping]] = ..., ranges: _Optional[_Iterable[_Union[HyperparameterRange, _Mapping]]] = ..., input_size_rules: _Optional[_Iterable[_Union[InputSizeRule, _Mapping]]] = ..., volume_defaults: _Optional[_Union[Hyperparameters, _Mapping]] = ..., auto_defaults: _Optional[_Union[Hyperparameters, _Mapping]] = ..., auto_choices: _Optional[_Iterable[_Union[AutoChoice, _Mapping]]] = ..., volume_choices: _Optional[_Iterable[_Union[AutoChoice, _Mapping]]] = ...) -> None: ...

class AutoChoice(_message.Message):
    __slots__ = ("field", "reason")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    field: str
    reason: str
    def __init__(self, field: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class HyperparameterRange(_message.Message):
    __slots__ = ("field", "min", "max", "step", "min_exclusive", "allowed")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    MIN_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    MIN_EXCLUSIVE_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    field: str
    min: float
    max: float
    step: float
    min_exclusive: bool
    allowed: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, field: _Optional[str] = ..., min: _Optional[float] = ..., max: _Optional[float] = ..., step: _Optional[float] = ..., min_exclusive: _Optional[bool] = ..., allowed: _Optional[_Iterable[float]] = ...) -> None: ...

class InputSizeRule(_message.Message):
    __slots__ = ("architecture", "depth", "multiple")
    ARCHITECTURE_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    MULTIPLE_FIELD_NUMBER: _ClassVar[int]
    architecture: Architecture
    depth: int
    multiple: int
    def __init__(self, architecture: _Optional[_Union[Architecture, str]] = ..., depth: _Optional[int] = ..., multiple: _Optional[int] = ...) -> None: ...
