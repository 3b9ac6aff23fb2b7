from medseg.v1 import dataset_service_pb2 as _dataset_service_pb2
from medseg.v1 import sources_pb2 as _sources_pb2
from medseg.v1 import volume_pb2 as _volume_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UncertaintyMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    UNCERTAINTY_METHOD_UNSPECIFIED: _ClassVar[UncertaintyMethod]
    UNCERTAINTY_METHOD_ENTROPY: _ClassVar[UncertaintyMethod]
    UNCERTAINTY_METHOD_MC_DROPOUT: _ClassVar[UncertaintyMethod]
UNCERTAINTY_METHOD_UNSPECIFIED: UncertaintyMethod
UNCERTAINTY_METHOD_ENTROPY: UncertaintyMethod
UNCERTAINTY_METHOD_MC_DROPOUT: UncertaintyMethod

class RankCasesRequest(_message.Message):
    __slots__ = ("model", "dataset", "case_indices", "method", "dropout_samples")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    CASE_INDICES_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    DROPOUT_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    model: _sources_pb2.ModelSource
    dataset: _sources_pb2.DatasetSource
    case_indices: _containers.RepeatedScalarFieldContainer[int]
    method: UncertaintyMethod
    dropout_samples: int
    def __init__(self, model: _Optional[_Union[_sources_pb2.ModelSource, _Mapping]] = ..., dataset: _Optional[_Union[_sources_pb2.DatasetSource, _Mapping]] = ..., case_indices: _Optional[_Iterable[int]] = ..., method: _Optional[_Union[UncertaintyMethod, str]] = ..., dropout_samples: _Optional[int] = ...) -> None: ...

class CaseUncertainty(_message.Message):
    __slots__ = ("case_index", "score", "method")
    CASE_INDEX_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    case_index: int
    score: float
    method: UncertaintyMethod
    def __init__(self, case_index: _Optional[int] = ..., score: _Optional[float] = ..., method: _Optional[_Union[UncertaintyMethod, str]] = ...) -> None: ...

class RankCasesResponse(_message.Message):
    __slots__ = ("progress", "case")
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    progress: SegmentVolumeProgress
    case: CaseUncertainty
    def __init__(self, progress: _Optional[_Union[SegmentVolumeProgress, _Mapping]] = ..., case: _Optional[_Union[CaseUncertainty, _Mapping]] = ...) -> None: ...

class LoadModelRequest(_message.Message):
    __slots__ = ("model",)
    MODEL_FIELD_NUMBER: _ClassVar[int]
    model: _sources_pb2.ModelSource
    def __init__(self, model: _Optional[_Union[_sources_pb2.ModelSource, _Mapping]] = ...) -> None: ...

class LoadModelResponse(_message.Message):
    __slots__ = ("was_loaded", "load_ms", "memory_bytes")
    WAS_LOADED_FIELD_NUMBER: _ClassVar[int]
    LOAD_MS_FIELD_NUMBER: _ClassVar[int]
    MEMORY_BYTES_FIELD_NUMBER: _ClassVar[int]
    was_loaded: bool
    load_ms: float
    memory_bytes: int
    def __init__(self, was_loaded: _Optional[bool] = ..., load_ms: _Optional[float] = ..., memory_bytes: _Optional[int] = ...) -> None: ...

class UploadedImage(_message.Message):
    __slots__ = ("data", "file_name", "slice_index")
    DATA_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    SLICE_INDEX_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    file_name: str
    slice_index: int
    def __init__(self, data: _Optional[bytes] = ..., file_name: _Optional[str] = ..., slice_index: _Optional[int] = ...) -> None: ...

class DatasetPairImage(_message.Message):
    __slots__ = ("shard_url", "index", "label_values")
    SHARD_URL_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    LABEL_VALUES_FIELD_NUMBER: _ClassVar[int]
    shard_url: str
    index: int
    label_values: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, shard_url: _Optional[str] = ..., index: _Optional[int] = ..., label_values: _Optional[_Iterable[int]] = ...) -> None: ...

class SegmentRequest(_message.Message):
    __slots__ = ("model", "upload", "pair", "limits", "outputs", "test_time_mirroring")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_FIELD_NUMBER: _ClassVar[int]
    PAIR_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    TEST_TIME_MIRRORING_FIELD_NUMBER: _ClassVar[int]
    model: _sources_pb2.ModelSource
    upload: UploadedImage
    pair: DatasetPairImage
    limits: _dataset_service_pb2.DatasetLimits
    outputs: SegmentOutputs
    test_time_mirroring: bool
    def __init__(self, model: _Optional[_Union[_sources_pb2.ModelSource, _Mapping]] = ..., upload: _Optional[_Union[UploadedImage, _Mapping]] = ..., pair: _Optional[_Union[DatasetPairImage, _Mapping]] = ..., limits: _Optional[_Union[_dataset_service_pb2.DatasetLimits, _Mapping]] = ..., outputs: _Optional[_Union[SegmentOutputs, _Mapping]] = ..., test_time_mirroring: _Optional[bool] = ...) -> None: ...

class SegmentOutputs(_message.Message):
    __slots__ = ("omit_image", "omit_probabilities")
    OMIT_IMAGE_FIELD_NUMBER: _ClassVar[int]
    OMIT_PROBABILITIES_FIELD_NUMBER: _ClassVar[int]
    omit_image: bool
    omit_probabilities: bool
    def __init__(self, omit_image: _Optional[bool] = ..., omit_probabilities: _Optional[bool] = ...) -> None: ...

class SegmentTimings(_message.Message):
    __slots__ = ("load_ms", "decode_ms", "forward_ms", "encode_ms", "total_ms")
    LOAD_MS_FIELD_NUMBER: _ClassVar[int]
    DECODE_MS_FIELD_NUMBER: _ClassVar[int]
    FORWARD_MS_FIELD_NUMBER: _ClassVar[int]
    ENCODE_MS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_MS_FIELD_NUMBER: _ClassVar[int]
    load_ms: float
    decode_ms: float
    forward_ms: float
    encode_ms: float
    total_ms: float
    def __init__(self, load_ms: _Optional[float] = ..., decode_ms: _Optional[float] = ..., forward_ms: _Optional[float] = ..., encode_ms: _Optional[float] = ..., total_ms: _Optional[float] = ...) -> None: ...

class SegmentResponse(_message.Message):
    __slots__ = ("width", "height", "slice_count", "image_png", "mask_png", "probability_pngs", "label_values", "timings", "model_was_loaded", "ground_truth_png", "dice_per_class", "iou_per_class", "dice", "iou", "mask_nifti", "labels")
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    SLICE_COUNT_FIELD_NUMBER: _ClassVar[int]
    IMAGE_PNG_FIELD_NUMBER: _ClassVar[int]
    MASK_PNG_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_PNGS_FIELD_NUMBER: _ClassVar[int]
    LABEL_VALUES_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    MODEL_WAS_LOADED_FIELD_NUMBER: _ClassVar[int]
    GROUND_TRUTH_PNG_FIELD_NUMBER: _ClassVar[int]
    DICE_PER_CLASS_FIELD_NUMBER: _ClassVar[int]
    IOU_PER_CLASS_FIELD_NUMBER: _ClassVar[int]
    DICE_FIELD_NUMBER: _ClassVar[int]
    IOU_FIELD_NUMBER: _ClassVar[int]
    MASK_NIFTI_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    width: int
    height: int
    slice_count: int
    image_png: bytes
    mask_png: bytes
    probability_pngs: _containers.RepeatedScalarFieldContainer[bytes]
    label_values: _containers.RepeatedScalarFieldContainer[int]
    timings: SegmentTimings
    model_was_loaded: bool
    ground_truth_png: bytes
    dice_per_class: _containers.RepeatedScalarFieldContainer[float]
    iou_per_class: _containers.RepeatedScalarFieldContainer[float]
    dice: float
    iou: float
    mask_nifti: bytes
    labels: _containers.RepeatedCompositeFieldContainer[_volume_pb2.LabelName]
    def __init__(self, width: _Optional[int] = ..., height: _Optional[int] = ..., slice_count: _Optional[int] = ..., image_png: _Optional[bytes] = ..., mask_png: _Optional[bytes] = ..., probability_pngs: _Optional[_Iterable[bytes]] = ..., label_values: _Optional[_Iterable[int]] = ..., timings: _Optional[_Union[SegmentTimings, _Mapping]] = ..., model_was_loaded: _Optional[bool] = ..., ground_truth_png: _Optional[bytes] = ..., dice_per_class: _Optional[_Iterable[float]] = ..., iou_per_class: _Optional[_Iterable[float]] = ..., dice: _Optional[float] = ..., iou: _Optional[float] = ..., mask_nifti: _Optional[bytes] = ..., labels: _Optional[_Iterable[_Union[_volume_pb2.LabelName, _Mapping]]] = ...) -> None: ...

class DatasetCaseImage(_message.Message):
    __slots__ = ("dataset", "case_index")
    DATASET_FIELD_NUMBER: _ClassVar[int]
    CASE_INDEX_FIELD_NUMBER: _ClassVar[int]
    dataset: _sources_pb2.DatasetSource
    case_index: int
    def __init__(self, dataset: _Optional[_Union[_sources_pb2.DatasetSource, _Mapping]] = ..., case_index: _Optional[int] = ...) -> None: ...

class SegmentVolumeRequest(_message.Message):
    __slots__ = ("model", "upload", "dataset_case", "limits", "test_time_mirroring")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_FIELD_NUMBER: _ClassVar[int]
    DATASET_CASE_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    TEST_TIME_MIRRORING_FIELD_NUMBER: _ClassVar[int]
    model: _sources_pb2.ModelSource
    upload: UploadedImage
    dataset_case: DatasetCaseImage
    limits: _dataset_service_pb2.DatasetLimits
    test_time_mirroring: bool
    def __init__(self, model: _Optional[_Union[_sources_pb2.ModelSource, _Mapping]] = ..., upload: _Optional[_Union[UploadedImage, _Mapping]] = ..., dataset_case: _Optional[_Union[DatasetCaseImage, _Mapping]] = ..., limits: _Optional[_Union[_dataset_service_pb2.DatasetLimits, _Mapping]] = ..., test_time_mirroring: _Optional[bool] = ...) -> None: ...

class SegmentVolumeProgress(_message.Message):
    __slots__ = ("done", "total")
    DONE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    done: int
    total: int
    def __init__(self, done: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class VolumeScores(_message.Message):
    __slots__ = ("distance_unit", "dice_per_class", "iou_per_class", "hd95_per_class", "asd_per_class", "nsd_per_class", "surface_tolerance", "dice", "iou", "hd95", "asd", "nsd")
    DISTANCE_UNIT_FIELD_NUMBER: _ClassVar[int]
    DICE_PER_CLASS_FIELD_NUMBER: _ClassVar[int]
    IOU_PER_CLASS_FIELD_NUMBER: _ClassVar[int]
    HD95_PER_CLASS_FIELD_NUMBER: _ClassVar[int]
    ASD_PER_CLASS_FIELD_NUMBER: _ClassVar[int]
    NSD_PER_CLASS_FIELD_NUMBER: _ClassVar[int]
    SURFACE_TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    DICE_FIELD_NUMBER: _ClassVar[int]
    IOU_FIELD_NUMBER: _ClassVar[int]
    HD95_FIELD_NUMBER: _ClassVar[int]
    ASD_FIELD_NUMBER: _ClassVar[int]
    NSD_FIELD_NUMBER: _ClassVar[int]
    distance_unit: str
    dice_per_class: _containers.RepeatedScalarFieldContainer[float]
    iou_per_class: _containers.RepeatedScalarFieldContainer[float]
    hd95_per_class: _containers.RepeatedScalarFieldContainer[float]
    asd_per_class: _containers.RepeatedScalarFieldContainer[float]
    nsd_per_class: _containers.RepeatedScalarFieldContainer[float]
    surface_tolerance: float
    dice: float
    iou: float
    hd95: float
    asd: float
    nsd: float
    def __init__(self, distance_unit: _Optional[str] = ..., dice_per_class: _Optional[_Iterable[float]] = ..., iou_per_class: _Optional[_Iterable[float]] = ..., hd95_per_class: _Optional[_Iterable[float]] = ..., asd_per_class: _Optional[_Iterable[float]] = ..., nsd_per_class: _Optional[_Iterable[float]] = ..., surface_tolerance: _Optional[float] = ..., dice: _Optional[float] = ..., iou: _Optional[float] = ..., hd95: _Optional[float] = ..., asd: _Optional[float] = ..., nsd: _Optional[float] = ...) -> None: ...

class SegmentVolumeResult(_message.Message):
    __slots__ = ("depth", "height", "width", "channels", "geometry", "image_nifti", "mask_nifti", "dicom_seg", "label_values", "labels", "window_center", "window_width", "timings", "model_was_loaded", "ground_truth_nifti", "scores", "label_voxels")
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    GEOMETRY_FIELD_NUMBER: _ClassVar[int]
    IMAGE_NIFTI_FIELD_NUMBER: _ClassVar[int]
    MASK_NIFTI_FIELD_NUMBER: _ClassVar[int]
    DICOM_SEG_FIELD_NUMBER: _ClassVar[int]
    LABEL_VALUES_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_CENTER_FIELD_NUMBER: _ClassVar[int]
    WINDOW_WIDTH_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    MODEL_WAS_LOADED_FIELD_NUMBER: _ClassVar[int]
    GROUND_TRUTH_NIFTI_FIELD_NUMBER: _ClassVar[int]
    SCORES_FIELD_NUMBER: _ClassVar[int]
    LABEL_VOXELS_FIELD_NUMBER: _ClassVar[int]
    depth: int
    height: int
    width: int
    channels: int
    geometry: _volume_pb2.VolumeGeometry
    image_nifti: bytes
    mask_nifti: bytes
    dicom_seg: bytes
    label_values: _containers.RepeatedScalarFieldContainer[int]
    labels: _containers.RepeatedCompositeFieldContainer[_volume_pb2.LabelName]
    window_center: float
    window_width: float
    timings: SegmentTimings
    model_was_loaded: bool
    ground_truth_nifti: bytes
    scores: VolumeScores
    label_voxels: _containers.RepeatedCompositeFieldContainer[_volume_pb2.LabelVoxels]
    def __init__(self, depth: _Optional[int] = ..., height: _Optional[int] = ..., width: _Optional[int] = ..., channels: _Optional[int] = ..., geometry: _Optional[_Union[_volume_pb2.VolumeGeometry, _Mapping]] = ..., image_nifti: _Optional[bytes] = ..., mask_nifti: _Optional[bytes] = ..., dicom_seg: _Optional[bytes] = ..., label_values: _Optional[_Iterable[int]] = ..., labels: _Optional[_Iterable[_Union[_volume_pb2.LabelName, _Mapping]]] = ..., window_center: _Optional[float] = ..., window_width: _Optional[float] = ..., timings: _Optional[_Union[SegmentTimings, _Mapping]] = ..., model_was_loaded: _Optional[bool] = ..., ground_truth_nifti: _Optional[bytes] = ..., scores: _Optional[_Union[VolumeScores, _Mapping]] = ..., label_voxels: _Optional[_Iterable[_Union[_volume_pb2.LabelVoxels, _Mapping]]] = ...) -> None: ...

class SegmentVolumeResponse(_message.Message):
    __slots__ = ("progress", "result")
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    progress: SegmentVolumeProgress
    result: SegmentVolumeResult
    def __init__(self, progress: _Optional[_Union[SegmentVolumeProgress, _Mapping]] = ..., result: _Optional[_Union[SegmentVolumeResult, _Mapping]] = ...) -> None: ...
