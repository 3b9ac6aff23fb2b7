from medseg.v1 import job_pb2 as _job_pb2
from medseg.v1 import sources_pb2 as _sources_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StartEvaluationJobRequest(_message.Message):
    __slots__ = ("job_id", "model", "dataset", "subset", "report_url", "batch_size", "owner_id", "surface_tolerance_mm", "test_time_mirroring")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    SUBSET_FIELD_NUMBER: _ClassVar[int]
    REPORT_URL_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    SURFACE_TOLERANCE_MM_FIELD_NUMBER: _ClassVar[int]
    TEST_TIME_MIRRORING_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    model: _sources_pb2.ModelSource
    dataset: _sources_pb2.DatasetSource
    subset: str
    report_url: str
    batch_size: int
    owner_id: str
    surface_tolerance_mm: float
    test_time_mirroring: bool
    def __init__(self, job_id: _Optional[str] = ..., model: _Optional[_Union[_sources_pb2.ModelSource, _Mapping]] = ..., dataset: _Optional[_Union[_sources_pb2.DatasetSource, _Mapping]] = ..., subset: _Optional[str] = ..., report_url: _Optional[str] = ..., batch_size: _Optional[int] = ..., owner_id: _Optional[str] = ..., surface_tolerance_mm: _Optional[float] = ..., test_time_mirroring: _Optional[bool] = ...) -> None: ...

class StartEvaluationJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: _job_pb2.Job
    def __init__(self, job: _Optional[_Union[_job_pb2.Job, _Mapping]] = ...) -> None: ...
