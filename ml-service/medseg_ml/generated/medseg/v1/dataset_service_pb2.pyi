from medseg.v1 import volume_pb2 as _volume_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InspectPhase(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INSPECT_PHASE_UNSPECIFIED: _ClassVar[InspectPhase]
    INSPECT_PHASE_DOWNLOADING: _ClassVar[InspectPhase]
    INSPECT_PHASE_SCANNING: _ClassVar[InspectPhase]
    INSPECT_PHASE_DECODING: _ClassVar[InspectPhase]

class ImageFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IMAGE_FORMAT_UNSPECIFIED: _ClassVar[ImageFormat]
    IMAGE_FORMAT_PNG: _ClassVar[ImageFormat]
    IMAGE_FORMAT_JPEG: _ClassVar[ImageFormat]
    IMAGE_FORMAT_DICOM: _ClassVar[ImageFormat]
    IMAGE_FORMAT_NIFTI: _ClassVar[ImageFormat]
    IMAGE_FORMAT_NRRD: _ClassVar[ImageFormat]
    IMAGE_FORMAT_META_IMAGE: _ClassVar[ImageFormat]
    IMAGE_FORMAT_DICOM_SEG: _ClassVar[ImageFormat]
INSPECT_PHASE_UNSPECIFIED: InspectPhase
INSPECT_PHASE_DOWNLOADING: InspectPhase
INSPECT_PHASE_SCANNING: InspectPhase
INSPECT_PHASE_DECODING: InspectPhase
IMAGE_FORMAT_UNSPECIFIED: ImageFormat
IMAGE_FORMAT_PNG: ImageFormat
IMAGE_FORMAT_JPEG: ImageFormat
IMAGE_FORMAT_DICOM: ImageFormat
IMAGE_FORMAT_NIFTI: ImageFormat
IMAGE_FORMAT_NRRD: ImageFormat
IMAGE_FORMAT_META_IMAGE: ImageFormat
IMAGE_FORMAT_DICOM_SEG: ImageFormat

class PrepareAnnotationRequest(_message.Message):
    __slots__ = ("dataset_id", "case", "pair_indices", "label_values", "mask", "mask_file_name", "proposal", "proposal_file_name", "limits")
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    PAIR_INDICES_FIELD_NUMBER: _ClassVar[int]
    LABEL_VALUES_FIELD_NUMBER: _ClassVar[int]
    MASK_FIELD_NUMBER: _ClassVar[int]
    MASK_FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    case: DatasetCase
    pair_indices: _containers.RepeatedScalarFieldContainer[int]
    label_values: _containers.RepeatedScalarFieldContainer[int]
    mask: bytes
    mask_file_name: str
    proposal: bytes
    proposal_file_name: str
    limits: DatasetLimits
    def __init__(self, dataset_id: _Optional[str] = ..., case: _Optional[_Union[DatasetCase, _Mapping]] = ..., pair_indices: _Optional[_Iterable[int]] = ..., label_values: _Optional[_Iterable[int]] = ..., mask: _Optional[bytes] = ..., mask_file_name: _Optional[str] = ..., proposal: _Optional[bytes] = ..., proposal_file_name: _Optional[str] = ..., limits: _Optional[_Union[DatasetLimits, _Mapping]] = ...) -> None: ...

class PairLabels(_message.Message):
    __slots__ = ("pair_index", "labels")
    PAIR_INDEX_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    pair_index: int
    labels: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, pair_index: _Optional[int] = ..., labels: _Optional[_Iterable[int]] = ...) -> None: ...

class PrepareAnnotationResponse(_message.Message):
    __slots__ = ("mask_shard", "mask_nifti", "mask_png", "label_voxels", "pair_labels", "changed_voxels", "total_voxels", "proposal_dice", "proposal_dice_per_class")
    MASK_SHARD_FIELD_NUMBER: _ClassVar[int]
    MASK_NIFTI_FIELD_NUMBER: _ClassVar[int]
    MASK_PNG_FIELD_NUMBER: _ClassVar[int]
    LABEL_VOXELS_FIELD_NUMBER: _ClassVar[int]
    PAIR_LABELS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_VOXELS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_VOXELS_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_DICE_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_DICE_PER_CLASS_FIELD_NUMBER: _ClassVar[int]
    mask_shard: bytes
    mask_nifti: bytes
    mask_png: bytes
    label_voxels: _containers.RepeatedCompositeFieldContainer[_volume_pb2.LabelVoxels]
    pair_labels: _containers.RepeatedCompositeFieldContainer[PairLabels]
    changed_voxels: int
    total_voxels: int
    proposal_dice: float
    proposal_dice_per_class: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, mask_shard: _Optional[bytes] = ..., mask_nifti: _Optional[bytes] = ..., mask_png: _Optional[bytes] = ..., label_voxels: _Optional[_Iterable[_Union[_volume_pb2.LabelVoxels, _Mapping]]] = ..., pair_labels: _Optional[_Iterable[_Union[PairLabels, _Mapping]]] = ..., changed_voxels: _Optional[int] = ..., total_voxels: _Optional[int] = ..., proposal_dice: _Optional[float] = ..., proposal_dice_per_class: _Optional[_Iterable[float]] = ...) -> None: ...

class DatasetLimits(_message.Message):
    __slots__ = ("max_entries", "max_uncompressed_bytes", "max_compression_ratio", "max_pixels_per_slice", "max_volume_bytes", "max_slices_per_file", "max_pairs", "max_classes")
    MAX_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    MAX_UNCOMPRESSED_BYTES_FIELD_NUMBER: _ClassVar[int]
    MAX_COMPRESSION_RATIO_FIELD_NUMBER: _ClassVar[int]
    MAX_PIXELS_PER_SLICE_FIELD_NUMBER: _ClassVar[int]
    MAX_VOLUME_BYTES_FIELD_NUMBER: _ClassVar[int]
    MAX_SLICES_PER_FILE_FIELD_NUMBER: _ClassVar[int]
    MAX_PAIRS_FIELD_NUMBER: _ClassVar[int]
    MAX_CLASSES_FIELD_NUMBER: _ClassVar[int]
    max_entries: int
    max_uncompressed_bytes: int
    max_compression_ratio: int
    max_pixels_per_slice: int
    max_volume_bytes: int
    max_slices_per_file: int
    max_pairs: int
    max_classes: int
    def __init__(self, max_entries: _Optional[int] = ..., max_uncompressed_bytes: _Optional[int] = ..., max_compression_ratio: _Optional[int] = ..., max_pixels_per_slice: _Optional[int] = ..., max_volume_bytes: _Optional[int] = ..., max_slices_per_file: _Optional[int] = ..., max_pairs: _Optional[int] = ..., max_classes: _Optional[int] = ...) -> None: ...

class InspectDatasetRequest(_message.Message):
    __slots__ = ("dataset_id", "archive_url", "archive_size_bytes", "limits")
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    ARCHIVE_URL_FIELD_NUMBER: _ClassVar[int]
    ARCHIVE_SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    archive_url: str
    archive_size_bytes: int
    limits: DatasetLimits
    def __init__(self, dataset_id: _Optional[str] = ..., archive_url: _Optional[str] = ..., archive_size_bytes: _Optional[int] = ..., limits: _Optional[_Union[DatasetLimits, _Mapping]] = ...) -> None: ...

class InspectDatasetResponse(_message.Message):
    __slots__ = ("progress", "object", "result")
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    progress: InspectProgress
    object: DatasetObject
    result: InspectResult
    def __init__(self, progress: _Optional[_Union[InspectProgress, _Mapping]] = ..., object: _Optional[_Union[DatasetObject, _Mapping]] = ..., result: _Optional[_Union[InspectResult, _Mapping]] = ...) -> None: ...

class InspectProgress(_message.Message):
    __slots__ = ("phase", "done", "total")
    PHASE_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    phase: InspectPhase
    done: int
    total: int
    def __init__(self, phase: _Optional[_Union[InspectPhase, str]] = ..., done: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class DatasetObject(_message.Message):
    __slots__ = ("path", "content_type", "data")
    PATH_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    path: str
    content_type: str
    data: bytes
    def __init__(self, path: _Optional[str] = ..., content_type: _Optional[str] = ..., data: _Optional[bytes] = ...) -> None: ...

class FileIssue(_message.Message):
    __slots__ = ("path", "reason")
    PATH_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    path: str
    reason: str
    def __init__(self, path: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DatasetPair(_message.Message):
    __slots__ = ("index", "name", "image_path", "mask_path", "image_format", "mask_format", "width", "height", "channels", "volume", "slice_index", "slice_count", "labels", "modality", "shard_path", "thumbnail_path", "preview_path", "case_index", "unlabeled")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    IMAGE_PATH_FIELD_NUMBER: _ClassVar[int]
    MASK_PATH_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FORMAT_FIELD_NUMBER: _ClassVar[int]
    MASK_FORMAT_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    SLICE_INDEX_FIELD_NUMBER: _ClassVar[int]
    SLICE_COUNT_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    MODALITY_FIELD_NUMBER: _ClassVar[int]
    SHARD_PATH_FIELD_NUMBER: _ClassVar[int]
    THUMBNAIL_PATH_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_PATH_FIELD_NUMBER: _ClassVar[int]
    CASE_INDEX_FIELD_NUMBER: _ClassVar[int]
    UNLABELED_FIELD_NUMBER: _ClassVar[int]
    index: int
    name: str
    image_path: str
    mask_path: str
    image_format: ImageFormat
    mask_format: ImageFormat
    width: int
    height: int
    channels: int
    volume: str
    slice_index: int
    slice_count: int
    labels: _containers.RepeatedScalarFieldContainer[int]
    modality: str
    shard_path: str
    thumbnail_path: str
    preview_path: str
    case_index: int
    unlabeled: bool
    def __init__(self, index: _Optional[int] = ..., name: _Optional[str] = ..., image_path: _Optional[str] = ..., mask_path: _Optional[str] = ..., image_format: _Optional[_Union[ImageFormat, str]] = ..., mask_format: _Optional[_Union[ImageFormat, str]] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., channels: _Optional[int] = ..., volume: _Optional[str] = ..., slice_index: _Optional[int] = ..., slice_count: _Optional[int] = ..., labels: _Optional[_Iterable[int]] = ..., modality: _Optional[str] = ..., shard_path: _Optional[str] = ..., thumbnail_path: _Optional[str] = ..., preview_path: _Optional[str] = ..., case_index: _Optional[int] = ..., unlabeled: _Optional[bool] = ...) -> None: ...

class DatasetCase(_message.Message):
    __slots__ = ("index", "name", "image_paths", "mask_path", "image_format", "mask_format", "depth", "height", "width", "channels", "geometry", "modality", "first_pair", "label_voxels", "intensities", "series_instance_uid", "window_center", "window_width", "unlabeled")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    IMAGE_PATHS_FIELD_NUMBER: _ClassVar[int]
    MASK_PATH_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FORMAT_FIELD_NUMBER: _ClassVar[int]
    MASK_FORMAT_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    GEOMETRY_FIELD_NUMBER: _ClassVar[int]
    MODALITY_FIELD_NUMBER: _ClassVar[int]
    FIRST_PAIR_FIELD_NUMBER: _ClassVar[int]
    LABEL_VOXELS_FIELD_NUMBER: _ClassVar[int]
    INTENSITIES_FIELD_NUMBER: _ClassVar[int]
    SERIES_INSTANCE_UID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_CENTER_FIELD_NUMBER: _ClassVar[int]
    WINDOW_WIDTH_FIELD_NUMBER: _ClassVar[int]
    UNLABELED_FIELD_NUMBER: _ClassVar[int]
    index: int
    name: str
    image_paths: _containers.RepeatedScalarFieldContainer[str]
    mask_path: str
    image_format: ImageFormat
    mask_format: ImageFormat
    depth: int
    height: int
    width: int
    channels: int
    geometry: _volume_pb2.VolumeGeometry
    modality: str
    first_pair: int
    label_voxels: _containers.RepeatedCompositeFieldContainer[_volume_pb2.LabelVoxels]
    intensities: _containers.RepeatedCompositeFieldContainer[_volume_pb2.ChannelIntensity]
    series_instance_uid: str
    window_center: float
    window_width: float
    unlabeled: bool
    def __init__(self, index: _Optional[int] = ..., name: _Optional[str] = ..., image_paths: _Optional[_Iterable[str]] = ..., mask_path: _Optional[str] = ..., image_format: _Optional[_Union[ImageFormat, str]] = ..., mask_format: _Optional[_Union[ImageFormat, str]] = ..., depth: _Optional[int] = ..., height: _Optional[int] = ..., width: _Optional[int] = ..., channels: _Optional[int] = ..., geometry: _Optional[_Union[_volume_pb2.VolumeGeometry, _Mapping]] = ..., modality: _Optional[str] = ..., first_pair: _Optional[int] = ..., label_voxels: _Optional[_Iterable[_Union[_volume_pb2.LabelVoxels, _Mapping]]] = ..., intensities: _Optional[_Iterable[_Union[_volume_pb2.ChannelIntensity, _Mapping]]] = ..., series_instance_uid: _Optional[str] = ..., window_center: _Optional[float] = ..., window_width: _Optional[float] = ..., unlabeled: _Optional[bool] = ...) -> None: ...

class SizeCount(_message.Message):
    __slots__ = ("width", "height", "count")
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    width: int
    height: int
    count: int
    def __init__(self, width: _Optional[int] = ..., height: _Optional[int] = ..., count: _Optional[int] = ...) -> None: ...

class NameCount(_message.Message):
    __slots__ = ("name", "count")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    name: str
    count: int
    def __init__(self, name: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class DatasetStats(_message.Message):
    __slots__ = ("pair_count", "volume_count", "channels", "label_values", "class_count", "sizes", "modalities", "formats", "normalized_bytes", "entry_count", "uncompressed_bytes", "unlabeled_count")
    PAIR_COUNT_FIELD_NUMBER: _ClassVar[int]
    VOLUME_COUNT_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    LABEL_VALUES_FIELD_NUMBER: _ClassVar[int]
    CLASS_COUNT_FIELD_NUMBER: _ClassVar[int]
    SIZES_FIELD_NUMBER: _ClassVar[int]
    MODALITIES_FIELD_NUMBER: _ClassVar[int]
    FORMATS_FIELD_NUMBER: _ClassVar[int]
    NORMALIZED_BYTES_FIELD_NUMBER: _ClassVar[int]
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNCOMPRESSED_BYTES_FIELD_NUMBER: _ClassVar[int]
    UNLABELED_COUNT_FIELD_NUMBER: _ClassVar[int]
    pair_count: int
    volume_count: int
    channels: int
    label_values: _containers.RepeatedScalarFieldContainer[int]
    class_count: int
    sizes: _containers.RepeatedCompositeFieldContainer[SizeCount]
    modalities: _containers.RepeatedCompositeFieldContainer[NameCount]
    formats: _containers.RepeatedCompositeFieldContainer[NameCount]
    normalized_bytes: int
    entry_count: int
    uncompressed_bytes: int
    unlabeled_count: int
    def __init__(self, pair_count: _Optional[int] = ..., volume_count: _Optional[int] = ..., channels: _Optional[int] = ..., label_values: _Optional[_Iterable[int]] = ..., class_count: _Optional[int] = ..., sizes: _Optional[_Iterable[_Union[SizeCount, _Mapping]]] = ..., modalities: _Optional[_Iterable[_Union[NameCount, _Mapping]]] = ..., formats: _Optional[_Iterable[_Union[NameCount, _Mapping]]] = ..., normalized_bytes: _Optional[int] = ..., entry_count: _Optional[int] = ..., uncompressed_bytes: _Optional[int] = ..., unlabeled_count: _Optional[int] = ...) -> None: ...

class InspectResult(_message.Message):
    __slots__ = ("errors", "warnings", "pairs", "stats", "cases", "labels", "fingerprint", "layout")
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    PAIRS_FIELD_NUMBER: _ClassVar[int]
    STATS_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    LAYOUT_FIELD_NUMBER: _ClassVar[int]
    errors: _containers.RepeatedScalarFieldContainer[str]
    warnings: _containers.RepeatedCompositeFieldContainer[FileIssue]
    pairs: _containers.RepeatedCompositeFieldContainer[DatasetPair]
    stats: DatasetStats
    cases: _containers.RepeatedCompositeFieldContainer[DatasetCase]
    labels: _containers.RepeatedCompositeFieldContainer[_volume_pb2.LabelName]
    fingerprint: _volume_pb2.DatasetFingerprint
    layout: str
    def __init__(self, errors: _Optional[_Iterable[str]] = ..., warnings: _Optional[_Iterable[_Union[FileIssue, _Mapping]]] = ..., pairs: _Optional[_Iterable[_Union[DatasetPair, _Mapping]]] = ..., stats: _Optional[_Union[DatasetStats, _Mapping]] = ..., cases: _Optional[_Iterable[_Union[DatasetCase, _Mapping]]] = ..., labels: _Optional[_Iterable[_Union[_volume_pb2.LabelName, _Mapping]]] = ..., fingerprint: _Optional[_Union[_volume_pb2.DatasetFingerprint, _Mapping]] = ..., layout: _Optional[str] = ...) -> None: ...
