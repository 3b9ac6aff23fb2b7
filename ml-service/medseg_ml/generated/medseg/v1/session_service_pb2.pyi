from medseg.v1 import dataset_service_pb2 as _dataset_service_pb2
from medseg.v1 import inference_service_pb2 as _inference_service_pb2
from medseg.v1 import sources_pb2 as _sources_pb2
from medseg.v1 import volume_pb2 as _volume_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PromptKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROMPT_KIND_UNSPECIFIED: _ClassVar[PromptKind]
    PROMPT_KIND_POINT: _ClassVar[PromptKind]
    PROMPT_KIND_BOX: _ClassVar[PromptKind]
    PROMPT_KIND_SCRIBBLE: _ClassVar[PromptKind]
    PROMPT_KIND_LASSO: _ClassVar[PromptKind]
PROMPT_KIND_UNSPECIFIED: PromptKind
PROMPT_KIND_POINT: PromptKind
PROMPT_KIND_BOX: PromptKind
PROMPT_KIND_SCRIBBLE: PromptKind
PROMPT_KIND_LASSO: PromptKind

class OpenSessionRequest(_message.Message):
    __slots__ = ("model", "upload", "dataset_case", "limits", "owner")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_FIELD_NUMBER: _ClassVar[int]
    DATASET_CASE_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    model: _sources_pb2.ModelSource
    upload: _inference_service_pb2.UploadedImage
    dataset_case: _inference_service_pb2.DatasetCaseImage
    limits: _dataset_service_pb2.DatasetLimits
    owner: str
    def __init__(self, model: _Optional[_Union[_sources_pb2.ModelSource, _Mapping]] = ..., upload: _Optional[_Union[_inference_service_pb2.UploadedImage, _Mapping]] = ..., dataset_case: _Optional[_Union[_inference_service_pb2.DatasetCaseImage, _Mapping]] = ..., limits: _Optional[_Union[_dataset_service_pb2.DatasetLimits, _Mapping]] = ..., owner: _Optional[str] = ...) -> None: ...

class SessionGrid(_message.Message):
    __slots__ = ("size_x", "size_y", "size_z", "slice_axis")
    SIZE_X_FIELD_NUMBER: _ClassVar[int]
    SIZE_Y_FIELD_NUMBER: _ClassVar[int]
    SIZE_Z_FIELD_NUMBER: _ClassVar[int]
    SLICE_AXIS_FIELD_NUMBER: _ClassVar[int]
    size_x: int
    size_y: int
    size_z: int
    slice_axis: int
    def __init__(self, size_x: _Optional[int] = ..., size_y: _Optional[int] = ..., size_z: _Optional[int] = ..., slice_axis: _Optional[int] = ...) -> None: ...

class OpenSessionResponse(_message.Message):
    __slots__ = ("session_id", "grid", "label_values", "labels", "guided", "spatial_dims", "mask", "ttl_s", "memory_bytes", "timings", "model_was_loaded")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    GRID_FIELD_NUMBER: _ClassVar[int]
    LABEL_VALUES_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    GUIDED_FIELD_NUMBER: _ClassVar[int]
    SPATIAL_DIMS_FIELD_NUMBER: _ClassVar[int]
    MASK_FIELD_NUMBER: _ClassVar[int]
    TTL_S_FIELD_NUMBER: _ClassVar[int]
    MEMORY_BYTES_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    MODEL_WAS_LOADED_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    grid: SessionGrid
    label_values: _containers.RepeatedScalarFieldContainer[int]
    labels: _containers.RepeatedCompositeFieldContainer[_volume_pb2.LabelName]
    guided: bool
    spatial_dims: int
    mask: MaskPatch
    ttl_s: float
    memory_bytes: int
    timings: _inference_service_pb2.SegmentTimings
    model_was_loaded: bool
    def __init__(self, session_id: _Optional[str] = ..., grid: _Optional[_Union[SessionGrid, _Mapping]] = ..., label_values: _Optional[_Iterable[int]] = ..., labels: _Optional[_Iterable[_Union[_volume_pb2.LabelName, _Mapping]]] = ..., guided: _Optional[bool] = ..., spatial_dims: _Optional[int] = ..., mask: _Optional[_Union[MaskPatch, _Mapping]] = ..., ttl_s: _Optional[float] = ..., memory_bytes: _Optional[int] = ..., timings: _Optional[_Union[_inference_service_pb2.SegmentTimings, _Mapping]] = ..., model_was_loaded: _Optional[bool] = ...) -> None: ...

class GuidancePrompt(_message.Message):
    __slots__ = ("kind", "class_index", "points", "plane_axis")
    KIND_FIELD_NUMBER: _ClassVar[int]
    CLASS_INDEX_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    PLANE_AXIS_FIELD_NUMBER: _ClassVar[int]
    kind: PromptKind
    class_index: int
    points: _containers.RepeatedScalarFieldContainer[float]
    plane_axis: int
    def __init__(self, kind: _Optional[_Union[PromptKind, str]] = ..., class_index: _Optional[int] = ..., points: _Optional[_Iterable[float]] = ..., plane_axis: _Optional[int] = ...) -> None: ...

class PromptRequest(_message.Message):
    __slots__ = ("session_id", "owner", "prompts")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    PROMPTS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    owner: str
    prompts: _containers.RepeatedCompositeFieldContainer[GuidancePrompt]
    def __init__(self, session_id: _Optional[str] = ..., owner: _Optional[str] = ..., prompts: _Optional[_Iterable[_Union[GuidancePrompt, _Mapping]]] = ...) -> None: ...

class MaskPatch(_message.Message):
    __slots__ = ("x", "y", "z", "size_x", "size_y", "size_z", "voxels")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    Z_FIELD_NUMBER: _ClassVar[int]
    SIZE_X_FIELD_NUMBER: _ClassVar[int]
    SIZE_Y_FIELD_NUMBER: _ClassVar[int]
    SIZE_Z_FIELD_NUMBER: _ClassVar[int]
    VOXELS_FIELD_NUMBER: _ClassVar[int]
    x: int
    y: int
    z: int
    size_x: int
    size_y: int
    size_z: int
    voxels: bytes
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ..., z: _Optional[int] = ..., size_x: _Optional[int] = ..., size_y: _Optional[int] = ..., size_z: _Optional[int] = ..., voxels: _Optional[bytes] = ...) -> None: ...

class PromptResponse(_message.Message):
    __slots__ = ("changed", "revision", "timings")
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    changed: MaskPatch
    revision: int
    timings: _inference_service_pb2.SegmentTimings
    def __init__(self, changed: _Optional[_Union[MaskPatch, _Mapping]] = ..., revision: _Optional[int] = ..., timings: _Optional[_Union[_inference_service_pb2.SegmentTimings, _Mapping]] = ...) -> None: ...

class CloseSessionRequest(_message.Message):
    __slots__ = ("session_id", "owner")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    owner: str
    def __init__(self, session_id: _Optional[str] = ..., owner: _Optional[str] = ...) -> None: ...

class CloseSessionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
