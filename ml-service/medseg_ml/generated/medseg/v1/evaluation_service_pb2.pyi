from medseg.v1 import inference_service_pb2 as _inference_service_pb2
from medseg.v1 import training_service_pb2 as _training_service_pb2
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
    JOB_KIND_EVALUATION: _ClassVar[JobKind]
    JOB_KIND_BATCH: _ClassVar[JobKind]

class ExportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_FORMAT_UNSPECIFIED: _ClassVar[ExportFormat]
    EXPORT_FORMAT_TORCHSCRIPT: _ClassVar[ExportFormat]
    EXPORT_FORMAT_ONNX: _ClassVar[ExportFormat]
JOB_KIND_UNSPECIFIED: JobKind
JOB_KIND_EVALUATION: JobKind
JOB_KIND_BATCH: JobKind
EXPORT_FORMAT_UNSPECIFIED: ExportFormat
EXPORT_FORMAT_TORCHSCRIPT: ExportFormat
EXPORT_FORMAT_ONNX: ExportFormat

class StartEvaluationJobRequest(_message.Message):
    __slots__ = ("job_id", "model", "dataset", "subset", "report_url", "batch_size")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    SUBSET_FIELD_NUMBER: _ClassVar[int]
    REPORT_URL_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    model: _inference_service_pb2.ModelSource
    dataset: _training_service_pb2.TrainingDataset
    subset: str
    report_url: str
    batch_size: int
    def __init__(self, job_id: _Optional[str] = ..., model: _Optional[_Union[_inference_service_pb2.ModelSource, _Mapping]] = ..., dataset: _Optional[_Union[_training_service_pb2.TrainingDataset, _Mapping]] = ..., subset: _Optional[str] = ..., report_url: _Optional[str] = ..., batch_size: _Optional[int] = ...) -> None: ...

class StartEvaluationJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class BatchArchive(_message.Message):
    __slots__ = ("url", "file_name")
    URL_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    url: str
    file_name: str
    def __init__(self, url: _Optional[str] = ..., file_name: _Optional[str] = ...) -> None: ...

class BatchTargets(_message.Message):
    __slots__ = ("masks_url", "csv_url", "report_url")
    MASKS_URL_FIELD_NUMBER: _ClassVar[int]
    CSV_URL_FIELD_NUMBER: _ClassVar[int]
    REPORT_URL_FIELD_NUMBER: _ClassVar[int]
    masks_url: str
    csv_url: str
    report_url: str
    def __init__(self, masks_url: _Optional[str] = ..., csv_url: _Optional[str] = ..., report_url: _Optional[str] = ...) -> None: ...

class StartBatchJobRequest(_message.Message):
    __slots__ = ("job_id", "model", "archive", "dataset", "targets", "batch_size", "max_pixels")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    ARCHIVE_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    MAX_PIXELS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    model: _inference_service_pb2.ModelSource
    archive: BatchArchive
    dataset: _training_service_pb2.TrainingDataset
    targets: BatchTargets
    batch_size: int
    max_pixels: int
    def __init__(self, job_id: _Optional[str] = ..., model: _Optional[_Union[_inference_service_pb2.ModelSource, _Mapping]] = ..., archive: _Optional[_Union[BatchArchive, _Mapping]] = ..., dataset: _Optional[_Union[_training_service_pb2.TrainingDataset, _Mapping]] = ..., targets: _Optional[_Union[BatchTargets, _Mapping]] = ..., batch_size: _Optional[int] = ..., max_pixels: _Optional[int] = ...) -> None: ...

class StartBatchJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class Job(_message.Message):
    __slots__ = ("job_id", "kind", "state", "queue_position", "error", "created_unix_ms", "started_unix_ms", "finished_unix_ms")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_POSITION_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    CREATED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    STARTED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    FINISHED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    kind: JobKind
    state: _training_service_pb2.JobState
    queue_position: int
    error: str
    created_unix_ms: int
    started_unix_ms: int
    finished_unix_ms: int
    def __init__(self, job_id: _Optional[str] = ..., kind: _Optional[_Union[JobKind, str]] = ..., state: _Optional[_Union[_training_service_pb2.JobState, str]] = ..., queue_position: _Optional[int] = ..., error: _Optional[str] = ..., created_unix_ms: _Optional[int] = ..., started_unix_ms: _Optional[int] = ..., finished_unix_ms: _Optional[int] = ...) -> None: ...

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
    __slots__ = ("sequence", "time_unix_ms", "status", "progress", "completed")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    TIME_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    time_unix_ms: int
    status: _training_service_pb2.JobStatusEvent
    progress: JobProgress
    completed: JobCompleted
    def __init__(self, sequence: _Optional[int] = ..., time_unix_ms: _Optional[int] = ..., status: _Optional[_Union[_training_service_pb2.JobStatusEvent, _Mapping]] = ..., progress: _Optional[_Union[JobProgress, _Mapping]] = ..., completed: _Optional[_Union[JobCompleted, _Mapping]] = ...) -> None: ...

class WatchJobRequest(_message.Message):
    __slots__ = ("job_id", "after_sequence")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    after_sequence: int
    def __init__(self, job_id: _Optional[str] = ..., after_sequence: _Optional[int] = ...) -> None: ...

class WatchJobResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: JobEvent
    def __init__(self, event: _Optional[_Union[JobEvent, _Mapping]] = ...) -> None: ...

class CancelJobRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class CancelJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class ListJobsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListJobsResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[Job]
    def __init__(self, jobs: _Optional[_Iterable[_Union[Job, _Mapping]]] = ...) -> None: ...

class ExportModelRequest(_message.Message):
    __slots__ = ("model", "format", "opset_version", "bundle_url")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    OPSET_VERSION_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_URL_FIELD_NUMBER: _ClassVar[int]
    model: _inference_service_pb2.ModelSource
    format: ExportFormat
    opset_version: int
    bundle_url: str
    def __init__(self, model: _Optional[_Union[_inference_service_pb2.ModelSource, _Mapping]] = ..., format: _Optional[_Union[ExportFormat, str]] = ..., opset_version: _Optional[int] = ..., bundle_url: _Optional[str] = ...) -> None: ...

class ExportModelResponse(_message.Message):
    __slots__ = ("file_name", "bundle_bytes", "bundle_sha256", "opset_version", "max_abs_difference", "export_json", "export_ms")
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_BYTES_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_SHA256_FIELD_NUMBER: _ClassVar[int]
    OPSET_VERSION_FIELD_NUMBER: _ClassVar[int]
    MAX_ABS_DIFFERENCE_FIELD_NUMBER: _ClassVar[int]
    EXPORT_JSON_FIELD_NUMBER: _ClassVar[int]
    EXPORT_MS_FIELD_NUMBER: _ClassVar[int]
    file_name: str
    bundle_bytes: int
    bundle_sha256: str
    opset_version: int
    max_abs_difference: float
    export_json: str
    export_ms: float
    def __init__(self, file_name: _Optional[str] = ..., bundle_bytes: _Optional[int] = ..., bundle_sha256: _Optional[str] = ..., opset_version: _Optional[int] = ..., max_abs_difference: _Optional[float] = ..., export_json: _Optional[str] = ..., export_ms: _Optional[float] = ...) -> None: ...
