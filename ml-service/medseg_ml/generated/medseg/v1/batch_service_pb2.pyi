from medseg.v1 import job_pb2 as _job_pb2
from medseg.v1 import dataset_service_pb2 as _dataset_service_pb2
from medseg.v1 import sources_pb2 as _sources_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

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
    __slots__ = ("job_id", "model", "archive", "dataset", "targets", "batch_size", "limits", "owner_id", "test_time_mirroring")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    ARCHIVE_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    TEST_TIME_MIRRORING_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    model: _sources_pb2.ModelSource
    archive: BatchArchive
    dataset: _sources_pb2.DatasetSource
    targets: BatchTargets
    batch_size: int
    limits: _dataset_service_pb2.DatasetLimits
    owner_id: str
    test_time_mirroring: bool
    def __init__(self, job_id: _Optional[str] = ..., model: _Optional[_Union[_sources_pb2.ModelSource, _Mapping]] = ..., archive: _Optional[_Union[BatchArchive, _Mapping]] = ..., dataset: _Optional[_Union[_sources_pb2.DatasetSource, _Mapping]] = ..., targets: _Optional[_Union[BatchTargets, _Mapping]] = ..., batch_size: _Optional[int] = ..., limits: _Optional[_Union[_dataset_service_pb2.DatasetLimits, _Mapping]] = ..., owner_id: _Optional[str] = ..., test_time_mirroring: _Optional[bool] = ...) -> None: ...

class StartBatchJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: _job_pb2.Job
    def __init__(self, job: _Optional[_Union[_job_pb2.Job, _Mapping]] = ...) -> None: ...
