from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class JobKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_KIND_UNSPECIFIED: _ClassVar[JobKind]
    JOB_KIND_TRAINING: _ClassVar[JobKind]
    JOB_KIND_EVALUATION: _ClassVar[JobKind]
    JOB_KIND_BATCH: _ClassVar[JobKind]

class JobState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_STATE_UNSPECIFIED: _ClassVar[JobState]
    JOB_STATE_QUEUED: _ClassVar[JobState]
    JOB_STATE_RUNNING: _ClassVar[JobState]
    JOB_STATE_COMPLETED: _ClassVar[JobState]
    JOB_STATE_FAILED: _ClassVar[JobState]
    JOB_STATE_CANCELLED: _ClassVar[JobState]

class StatusReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STATUS_REASON_UNSPECIFIED: _ClassVar[StatusReason]
    STATUS_REASON_CANCELLED_BY_USER: _ClassVar[StatusReason]
    STATUS_REASON_SERVICE_STOPPED: _ClassVar[StatusReason]
    STATUS_REASON_STORAGE_ERROR: _ClassVar[StatusReason]
    STATUS_REASON_OUT_OF_MEMORY: _ClassVar[StatusReason]
    STATUS_REASON_INVALID_INPUT: _ClassVar[StatusReason]
    STATUS_REASON_INTERNAL_ERROR: _ClassVar[StatusReason]
    STATUS_REASON_STOPPED_EARLY: _ClassVar[StatusReason]
JOB_KIND_UNSPECIFIED: JobKind
JOB_KIND_TRAINING: JobKind
JOB_KIND_EVALUATION: JobKind
JOB_KIND_BATCH: JobKind
JOB_STATE_UNSPECIFIED: JobState
JOB_STATE_QUEUED: JobState
JOB_STATE_RUNNING: JobState
JOB_STATE_COMPLETED: JobState
JOB_STATE_FAILED: JobState
JOB_STATE_CANCELLED: JobState
STATUS_REASON_UNSPECIFIED: StatusReason
STATUS_REASON_CANCELLED_BY_USER: StatusReason
STATUS_REASON_SERVICE_STOPPED: StatusReason
STATUS_REASON_STORAGE_ERROR: StatusReason
STATUS_REASON_OUT_OF_MEMORY: StatusReason
STATUS_REASON_INVALID_INPUT: StatusReason
STATUS_REASON_INTERNAL_ERROR: StatusReason
STATUS_REASON_STOPPED_EARLY: StatusReason

class Job(_message.Message):
    __slots__ = ("job_id", "kind", "state", "queue_position", "reason", "message", "created_unix_ms", "started_unix_ms", "finished_unix_ms")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_POSITION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CREATED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    STARTED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    FINISHED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    kind: JobKind
    state: JobState
    queue_position: int
    reason: StatusReason
    message: str
    created_unix_ms: int
    started_unix_ms: int
    finished_unix_ms: int
    def __init__(self, job_id: _Optional[str] = ..., kind: _Optional[_Union[JobKind, str]] = ..., state: _Optional[_Union[JobState, str]] = ..., queue_position: _Optional[int] = ..., reason: _Optional[_Union[StatusReason, str]] = ..., message: _Optional[str] = ..., created_unix_ms: _Optional[int] = ..., started_unix_ms: _Optional[int] = ..., finished_unix_ms: _Optional[int] = ...) -> None: ...

class JobStatusEvent(_message.Message):
    __slots__ = ("state", "queue_position", "message", "reason")
    STATE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_POSITION_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    state: JobState
    queue_position: int
    message: str
    reason: StatusReason
    def __init__(self, state: _Optional[_Union[JobState, str]] = ..., queue_position: _Optional[int] = ..., message: _Optional[str] = ..., reason: _Optional[_Union[StatusReason, str]] = ...) -> None: ...

class TrainingStep(_message.Message):
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
    __slots__ = ("best_epoch", "best_val_dice", "card_json", "best_weights_sha256", "last_weights_sha256", "best_weights_bytes", "last_weights_bytes", "stopped_early")
    BEST_EPOCH_FIELD_NUMBER: _ClassVar[int]
    BEST_VAL_DICE_FIELD_NUMBER: _ClassVar[int]
    CARD_JSON_FIELD_NUMBER: _ClassVar[int]
    BEST_WEIGHTS_SHA256_FIELD_NUMBER: _ClassVar[int]
    LAST_WEIGHTS_SHA256_FIELD_NUMBER: _ClassVar[int]
    BEST_WEIGHTS_BYTES_FIELD_NUMBER: _ClassVar[int]
    LAST_WEIGHTS_BYTES_FIELD_NUMBER: _ClassVar[int]
    STOPPED_EARLY_FIELD_NUMBER: _ClassVar[int]
    best_epoch: int
    best_val_dice: float
    card_json: str
    best_weights_sha256: str
    last_weights_sha256: str
    best_weights_bytes: int
    last_weights_bytes: int
    stopped_early: bool
    def __init__(self, best_epoch: _Optional[int] = ..., best_val_dice: _Optional[float] = ..., card_json: _Optional[str] = ..., best_weights_sha256: _Optional[str] = ..., last_weights_sha256: _Optional[str] = ..., best_weights_bytes: _Optional[int] = ..., last_weights_bytes: _Optional[int] = ..., stopped_early: _Optional[bool] = ...) -> None: ...

class JobProgress(_message.Message):
    __slots__ = ("done", "total", "failed", "images_per_second", "elapsed_seconds", "eta_seconds")
    DONE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    IMAGES_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    ELAPSED_SECONDS_FIELD_NUMBER: _ClassVar[int]
    ETA_SECONDS_FIELD_NUMBER: _ClassVar[int]
    done: int
    total: int
    failed: int
    images_per_second: float
    elapsed_seconds: float
    eta_seconds: float
    def __init__(self, done: _Optional[int] = ..., total: _Optional[int] = ..., failed: _Optional[int] = ..., images_per_second: _Optional[float] = ..., elapsed_seconds: _Optional[float] = ..., eta_seconds: _Optional[float] = ...) -> None: ...

class JobCompleted(_message.Message):
    __slots__ = ("image_count", "failed_count", "report_bytes", "masks_bytes", "csv_bytes", "aggregate_json")
    IMAGE_COUNT_FIELD_NUMBER: _ClassVar[int]
    FAILED_COUNT_FIELD_NUMBER: _ClassVar[int]
    REPORT_BYTES_FIELD_NUMBER: _ClassVar[int]
    MASKS_BYTES_FIELD_NUMBER: _ClassVar[int]
    CSV_BYTES_FIELD_NUMBER: _ClassVar[int]
    AGGREGATE_JSON_FIELD_NUMBER: _ClassVar[int]
    image_count: int
    failed_count: int
    report_bytes: int
    masks_bytes: int
    csv_bytes: int
    aggregate_json: str
    def __init__(self, image_count: _Optional[int] = ..., failed_count: _Optional[int] = ..., report_bytes: _Optional[int] = ..., masks_bytes: _Optional[int] = ..., csv_bytes: _Optional[int] = ..., aggregate_json: _Optional[str] = ...) -> None: ...

class JobEvent(_message.Message):
    __slots__ = ("sequence", "time_unix_ms", "status", "step", "epoch", "training_completed", "progress", "completed")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    TIME_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    TRAINING_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    time_unix_ms: int
    status: JobStatusEvent
    step: TrainingStep
    epoch: EpochMetrics
    training_completed: TrainingCompleted
    progress: JobProgress
    completed: JobCompleted
    def __init__(self, sequence: _Optional[int] = ..., time_unix_ms: _Optional[int] = ..., status: _Optional[_Union[JobStatusEvent, _Mapping]] = ..., step: _Optional[_Union[TrainingStep, _Mapping]] = ..., epoch: _Optional[_Union[EpochMetrics, _Mapping]] = ..., training_completed: _Optional[_Union[TrainingCompleted, _Mapping]] = ..., progress: _Optional[_Union[JobProgress, _Mapping]] = ..., completed: _Optional[_Union[JobCompleted, _Mapping]] = ...) -> None: ...
