from medseg.v1 import sources_pb2 as _sources_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_FORMAT_UNSPECIFIED: _ClassVar[ExportFormat]
    EXPORT_FORMAT_TORCHSCRIPT: _ClassVar[ExportFormat]
    EXPORT_FORMAT_ONNX: _ClassVar[ExportFormat]
    EXPORT_FORMAT_MONAI_BUNDLE: _ClassVar[ExportFormat]
EXPORT_FORMAT_UNSPECIFIED: ExportFormat
EXPORT_FORMAT_TORCHSCRIPT: ExportFormat
EXPORT_FORMAT_ONNX: ExportFormat
EXPORT_FORMAT_MONAI_BUNDLE: ExportFormat

class ExportModelRequest(_message.Message):
    __slots__ = ("model", "format", "opset_version", "bundle_url")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    OPSET_VERSION_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_URL_FIELD_NUMBER: _ClassVar[int]
    model: _sources_pb2.ModelSource
    format: ExportFormat
    opset_version: int
    bundle_url: str
    def __init__(self, model: _Optional[_Union[_sources_pb2.ModelSource, _Mapping]] = ..., format: _Optional[_Union[ExportFormat, str]] = ..., opset_version: _Optional[int] = ..., bundle_url: _Optional[str] = ...) -> None: ...

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
