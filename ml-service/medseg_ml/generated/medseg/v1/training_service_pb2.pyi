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

class JobState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_STATE_UNSPECIFIED: _ClassVar[JobState]
    JOB_STATE_QUEUED: _ClassVar[JobState]
    JOB_STATE_RUNNING: _ClassVar[JobState]
    JOB_STATE_COMPLETED: _ClassVar[JobState]
    JOB_STATE_FAILED: _ClassVar[JobState]
    JOB_STATE_CANCELLED: _ClassVar[JobState]
ARCHITECTURE_UNSPECIFIED: Architecture
ARCHITECTURE_UNET: Architecture
ARCHITECTURE_ATTENTION_UNET: Architecture
ARCHITECTURE_RESUNET: Architecture
OPTIMIZER_UNSPECIFIED: Optimizer
OPTIMIZER_ADAM: Optimizer
OPTIMIZER_ADAMW: Optimizer
OPTIMIZER_SGD: Optimizer
LOSS_FUNCTION_UNSPECIFIED: LossFunction
LOSS_FUNCTION_DICE_CE: LossFunction
LOSS_FUNCTION_DICE: LossFunction
LOSS_FUNCTION_CROSS_ENTROPY: LossFunction
JOB_STATE_UNSPECIFIED: JobState
JOB_STATE_QUEUED: JobState
JOB_STATE_RUNNING: JobState
JOB_STATE_COMPLETED: JobState
JOB_STATE_FAILED: JobState
JOB_STATE_CANCELLED: JobState

class Hyperparameters(_message.Message):
    __slots__ = ("epochs", "learning_rate", "batch_size", "architecture", "input_size", "validation_fraction", "augmentation", "optimizer", "loss", "seed", "depth", "base_channels", "encoder_depth")
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
    def __init__(self, epochs: _Optional[int] = ..., learning_rate: _Optional[float] = ..., batch_size: _Optional[int] = ..., architecture: _Optional[_Union[Architecture, str]] = ..., input_size: _Optional[int] = ..., validation_fraction: _Optional[float] = ..., augmentation: _Optional[bool] = ..., optimizer: _Optional[_Union[Optimizer, str]] = ..., loss: _Optional[_Union[LossFunction, str]] = ..., seed: _Optional[int] = ..., depth: _Optional[int] = ..., base_channels: _Optional[int] = ..., encoder_depth: _Optional[int] = ...) -> None: ...

class ShardSource(_message.Message):
    __slots__ = ("path", "url")
    PATH_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    path: str
    url: str
    def __init__(self, path: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class TrainingPair(_message.Message):
    __slots__ = ("index", "name", "volume", "slice_index", "shard_path")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    SLICE_INDEX_FIELD_NUMBER: _ClassVar[int]
    SHARD_PATH_FIELD_NUMBER: _ClassVar[int]
    index: int
    name: str
    volume: str
    slice_index: int
    shard_path: str
    def __init__(self, index: _Optional[int] = ..., name: _Optional[str] = ..., volume: _Optional[str] = ..., slice_index: _Optional[int] = ..., shard_path: _Optional[str] = ...) -> None: ...

class TrainingDataset(_message.Message):
    __slots__ = ("dataset_id", "shards", "pairs", "label_values", "channels")
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    SHARDS_FIELD_NUMBER: _ClassVar[int]
    PAIRS_FIELD_NUMBER: _ClassVar[int]
    LABEL_VALUES_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    shards: _containers.RepeatedCompositeFieldContainer[ShardSource]
    pairs: _containers.RepeatedCompositeFieldContainer[TrainingPair]
    label_values: _containers.RepeatedScalarFieldContainer[int]
    channels: int
    def __init__(self, dataset_id: _Optional[str] = ..., shards: _Optional[_Iterable[_Union[ShardSource, _Mapping]]] = ..., pairs: _Optional[_Iterable[_Union[TrainingPair, _Mapping]]] = ..., label_values: _Optional[_Iterable[int]] = ..., channels: _Optional[int] = ...) -> None: ...

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
    __slots__ = ("job_id", "model_name", "hyperparameters", "dataset", "artifacts")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_NAME_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    model_name: str
    hyperparameters: Hyperparameters
    dataset: TrainingDataset
    artifacts: ArtifactTargets
    def __init__(self, job_id: _Optional[str] = ..., model_name: _Optional[str] = ..., hyperparameters: _Optional[_Union[Hyperparameters, _Mapping]] = ..., dataset: _Optional[_Union[TrainingDataset, _Mapping]] = ..., artifacts: _Optional[_Union[ArtifactTargets, _Mapping]] = ...) -> None: ...

class StartTrainingJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: TrainingJob
    def __init__(self, job: _Optional[_Union[TrainingJob, _Mapping]] = ...) -> None: ...

class TrainingJob(_message.Message):
    __slots__ = ("job_id", "state", "queue_position", "error", "created_unix_ms", "started_unix_ms", "finished_unix_ms", "hyperparameters")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_POSITION_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    CREATED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    STARTED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    FINISHED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    state: JobState
    queue_position: int
    error: str
    created_unix_ms: int
    started_unix_ms: int
    finished_unix_ms: int
    hyperparameters: Hyperparameters
    def __init__(self, job_id: _Optional[str] = ..., state: _Optional[_Union[JobState, str]] = ..., queue_position: _Optional[int] = ..., error: _Optional[str] = ..., created_unix_ms: _Optional[int] = ..., started_unix_ms: _Optional[int] = ..., finished_unix_ms: _Optional[int] = ..., hyperparameters: _Optional[_Union[Hyperparameters, _Mapping]] = ...) -> None: ...

class JobStatusEvent(_message.Message):
    __slots__ = ("state", "queue_position", "message")
    STATE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_POSITION_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    state: JobState
    queue_position: int
    message: str
    def __init__(self, state: _Optional[_Union[JobState, str]] = ..., queue_position: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class StepProgress(_message.Message):
    __slots__ = ("epoch", "epochs", "step", "total_steps", "train_loss", "samples_per_second", "elapsed_seconds", "eta_seconds")
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    EPOCHS_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    TOTAL_STEPS_FIELD_NUMBER: _ClassVar[int]
    TRAIN_LOSS_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    ELAPSED_SECONDS_FIELD_NUMBER: _ClassVar[int]
    ETA_SECONDS_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    epochs: int
    step: int
    total_steps: int
    train_loss: float
    samples_per_second: float
    elapsed_seconds: float
    eta_seconds: float
    def __init__(self, epoch: _Optional[int] = ..., epochs: _Optional[int] = ..., step: _Optional[int] = ..., total_steps: _Optional[int] = ..., train_loss: _Optional[float] = ..., samples_per_second: _Optional[float] = ..., elapsed_seconds: _Optional[float] = ..., eta_seconds: _Optional[float] = ...) -> None: ...

class EpochMetrics(_message.Message):
    __slots__ = ("epoch", "epochs", "train_loss", "val_loss", "val_dice", "val_iou", "val_dice_per_class", "val_iou_per_class", "learning_rate", "samples_per_second", "elapsed_seconds", "eta_seconds", "is_best")
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    EPOCHS_FIELD_NUMBER: _ClassVar[int]
    TRAIN_LOSS_FIELD_NUMBER: _ClassVar[int]
    VAL_LOSS_FIELD_NUMBER: _ClassVar[int]
    VAL_DICE_FIELD_NUMBER: _ClassVar[int]
    VAL_IOU_FIELD_NUMBER: _ClassVar[int]
    VAL_DICE_PER_CLASS_FIELD_NUMBER: _ClassVar[int]
    VAL_IOU_PER_CLASS_FIELD_NUMBER: _ClassVar[int]
    LEARNING_RATE_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    ELAPSED_SECONDS_FIELD_NUMBER: _ClassVar[int]
    ETA_SECONDS_FIELD_NUMBER: _ClassVar[int]
    IS_BEST_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    epochs: int
    train_loss: float
    val_loss: float
    val_dice: float
    val_iou: float
    val_dice_per_class: _containers.RepeatedScalarFieldContainer[float]
    val_iou_per_class: _containers.RepeatedScalarFieldContainer[float]
    learning_rate: float
    samples_per_second: float
    elapsed_seconds: float
    eta_seconds: float
    is_best: bool
    def __init__(self, epoch: _Optional[int] = ..., epochs: _Optional[int] = ..., train_loss: _Optional[float] = ..., val_loss: _Optional[float] = ..., val_dice: _Optional[float] = ..., val_iou: _Optional[float] = ..., val_dice_per_class: _Optional[_Iterable[float]] = ..., val_iou_per_class: _Optional[_Iterable[float]] = ..., learning_rate: _Optional[float] = ..., samples_per_second: _Optional[float] = ..., elapsed_seconds: _Optional[float] = ..., eta_seconds: _Optional[float] = ..., is_best: _Optional[bool] = ...) -> None: ...

class TrainingCompleted(_message.Message):
    __slots__ = ("best_epoch", "best_val_dice", "card_json", "best_weights_sha256", "last_weights_sha256", "best_weights_bytes", "last_weights_bytes")
    BEST_EPOCH_FIELD_NUMBER: _ClassVar[int]
    BEST_VAL_DICE_FIELD_NUMBER: _ClassVar[int]
    CARD_JSON_FIELD_NUMBER: _ClassVar[int]
    BEST_WEIGHTS_SHA256_FIELD_NUMBER: _ClassVar[int]
    LAST_WEIGHTS_SHA256_FIELD_NUMBER: _ClassVar[int]
    BEST_WEIGHTS_BYTES_FIELD_NUMBER: _ClassVar[int]
    LAST_WEIGHTS_BYTES_FIELD_NUMBER: _ClassVar[int]
    best_epoch: int
    best_val_dice: float
    card_json: str
    best_weights_sha256: str
    last_weights_sha256: str
    best_weights_bytes: int
    last_weights_bytes: int
    def __init__(self, best_epoch: _Optional[int] = ..., best_val_dice: _Optional[float] = ..., card_json: _Optional[str] = ..., best_weights_sha256: _Optional[str] = ..., last_weights_sha256: _Optional[str] = ..., best_weights_bytes: _Optional[int] = ..., last_weights_bytes: _Optional[int] = ...) -> None: ...

class TrainingEvent(_message.Message):
    __slots__ = ("sequence", "time_unix_ms", "status", "step", "epoch", "completed")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    TIME_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    time_unix_ms: int
    status: JobStatusEvent
    step: StepProgress
    epoch: EpochMetrics
    completed: TrainingCompleted
    def __init__(self, sequence: _Optional[int] = ..., time_unix_ms: _Optional[int] = ..., status: _Optional[_Union[JobStatusEvent, _Mapping]] = ..., step: _Optional[_Union[StepProgress, _Mapping]] = ..., epoch: _Optional[_Union[EpochMetrics, _Mapping]] = ..., completed: _Optional[_Union[TrainingCompleted, _Mapping]] = ...) -> None: ...

class WatchTrainingJobRequest(_message.Message):
    __slots__ = ("job_id", "after_sequence")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    after_sequence: int
    def __init__(self, job_id: _Optional[str] = ..., after_sequence: _Optional[int] = ...) -> None: ...

class WatchTrainingJobResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: TrainingEvent
    def __init__(self, event: _Optional[_Union[TrainingEvent, _Mapping]] = ...) -> None: ...

class CancelTrainingJobRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class CancelTrainingJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: TrainingJob
    def __init__(self, job: _Optional[_Union[TrainingJob, _Mapping]] = ...) -> None: ...

class ListTrainingJobsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTrainingJobsResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[TrainingJob]
    def __init__(self, jobs: _Optional[_Iterable[_Union[TrainingJob, _Mapping]]] = ...) -> None: ...

class GetTrainingDefaultsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetTrainingDefaultsResponse(_message.Message):
    __slots__ = ("defaults", "ranges", "input_size_rules")
    DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    RANGES_FIELD_NUMBER: _ClassVar[int]
    INPUT_SIZE_RULES_FIELD_NUMBER: _ClassVar[int]
    defaults: Hyperparameters
    ranges: _containers.RepeatedCompositeFieldContainer[HyperparameterRange]
    input_size_rules: _containers.RepeatedCompositeFieldContainer[InputSizeRule]
    def __init__(self, defaults: _Optional[_Union[Hyperparameters, _Mapping]] = ..., ranges: _Optional[_Iterable[_Union[HyperparameterRange, _Mapping]]] = ..., input_size_rules: _Optional[_Iterable[_Union[InputSizeRule, _Mapping]]] = ...) -> None: ...

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
