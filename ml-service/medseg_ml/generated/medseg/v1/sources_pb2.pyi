from medseg.v1 import dataset_service_pb2 as _dataset_service_pb2
from medseg.v1 import volume_pb2 as _volume_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ShardSource(_message.Message):
    __slots__ = ("path", "url")
    PATH_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    path: str
    url: str
    def __init__(self, path: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class DatasetSourcePair(_message.Message):
    __slots__ = ("index", "name", "volume", "slice_index", "shard_path", "case_index", "unlabeled", "mask_shard_path")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    SLICE_INDEX_FIELD_NUMBER: _ClassVar[int]
    SHARD_PATH_FIELD_NUMBER: _ClassVar[int]
    CASE_INDEX_FIELD_NUMBER: _ClassVar[int]
    UNLABELED_FIELD_NUMBER: _ClassVar[int]
    MASK_SHARD_PATH_FIELD_NUMBER: _ClassVar[int]
    index: int
    name: str
    volume: str
    slice_index: int
    shard_path: str
    case_index: int
    unlabeled: bool
    mask_shard_path: str
    def __init__(self, index: _Optional[int] = ..., name: _Optional[str] = ..., volume: _Optional[str] = ..., slice_index: _Optional[int] = ..., shard_path: _Optional[str] = ..., case_index: _Optional[int] = ..., unlabeled: _Optional[bool] = ..., mask_shard_path: _Optional[str] = ...) -> None: ...

class DatasetSource(_message.Message):
    __slots__ = ("dataset_id", "shards", "pairs", "label_values", "channels", "cases", "labels", "fingerprint", "version")
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    SHARDS_FIELD_NUMBER: _ClassVar[int]
    PAIRS_FIELD_NUMBER: _ClassVar[int]
    LABEL_VALUES_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    shards: _containers.RepeatedCompositeFieldContainer[ShardSource]
    pairs: _containers.RepeatedCompositeFieldContainer[DatasetSourcePair]
    label_values: _containers.RepeatedScalarFieldContainer[int]
    channels: int
    cases: _containers.RepeatedCompositeFieldContainer[_dataset_service_pb2.DatasetCase]
    labels: _containers.RepeatedCompositeFieldContainer[_volume_pb2.LabelName]
    fingerprint: _volume_pb2.DatasetFingerprint
    version: int
    def __init__(self, dataset_id: _Optional[str] = ..., shards: _Optional[_Iterable[_Union[ShardSource, _Mapping]]] = ..., pairs: _Optional[_Iterable[_Union[DatasetSourcePair, _Mapping]]] = ..., label_values: _Optional[_Iterable[int]] = ..., channels: _Optional[int] = ..., cases: _Optional[_Iterable[_Union[_dataset_service_pb2.DatasetCase, _Mapping]]] = ..., labels: _Optional[_Iterable[_Union[_volume_pb2.LabelName, _Mapping]]] = ..., fingerprint: _Optional[_Union[_volume_pb2.DatasetFingerprint, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class ModelSource(_message.Message):
    __slots__ = ("model_id", "card_json", "weights_url", "weights_sha256")
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    CARD_JSON_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_URL_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_SHA256_FIELD_NUMBER: _ClassVar[int]
    model_id: str
    card_json: str
    weights_url: str
    weights_sha256: str
    def __init__(self, model_id: _Optional[str] = ..., card_json: _Optional[str] = ..., weights_url: _Optional[str] = ..., weights_sha256: _Optional[str] = ...) -> None: ...
