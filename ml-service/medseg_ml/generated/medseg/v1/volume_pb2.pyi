from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VolumeGeometry(_message.Message):
    __slots__ = ("spacing", "affine", "source_shape", "source_affine")
    SPACING_FIELD_NUMBER: _ClassVar[int]
    AFFINE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_SHAPE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_AFFINE_FIELD_NUMBER: _ClassVar[int]
    spacing: _containers.RepeatedScalarFieldContainer[float]
    affine: _containers.RepeatedScalarFieldContainer[float]
    source_shape: _containers.RepeatedScalarFieldContainer[int]
    source_affine: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, spacing: _Optional[_Iterable[float]] = ..., affine: _Optional[_Iterable[float]] = ..., source_shape: _Optional[_Iterable[int]] = ..., source_affine: _Optional[_Iterable[float]] = ...) -> None: ...

class LabelName(_message.Message):
    __slots__ = ("value", "name", "color")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    value: int
    name: str
    color: str
    def __init__(self, value: _Optional[int] = ..., name: _Optional[str] = ..., color: _Optional[str] = ...) -> None: ...

class LabelVoxels(_message.Message):
    __slots__ = ("value", "voxels", "volume_ml")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    VOXELS_FIELD_NUMBER: _ClassVar[int]
    VOLUME_ML_FIELD_NUMBER: _ClassVar[int]
    value: int
    voxels: int
    volume_ml: float
    def __init__(self, value: _Optional[int] = ..., voxels: _Optional[int] = ..., volume_ml: _Optional[float] = ...) -> None: ...

class ChannelIntensity(_message.Message):
    __slots__ = ("channel", "mean", "std", "min", "max", "p005", "p50", "p995")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    MEAN_FIELD_NUMBER: _ClassVar[int]
    STD_FIELD_NUMBER: _ClassVar[int]
    MIN_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    P005_FIELD_NUMBER: _ClassVar[int]
    P50_FIELD_NUMBER: _ClassVar[int]
    P995_FIELD_NUMBER: _ClassVar[int]
    channel: int
    mean: float
    std: float
    min: float
    max: float
    p005: float
    p50: float
    p995: float
    def __init__(self, channel: _Optional[int] = ..., mean: _Optional[float] = ..., std: _Optional[float] = ..., min: _Optional[float] = ..., max: _Optional[float] = ..., p005: _Optional[float] = ..., p50: _Optional[float] = ..., p995: _Optional[float] = ...) -> None: ...

class ClassFraction(_message.Message):
    __slots__ = ("value", "fraction")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    FRACTION_FIELD_NUMBER: _ClassVar[int]
    value: int
    fraction: float
    def __init__(self, value: _Optional[int] = ..., fraction: _Optional[float] = ...) -> None: ...

class DatasetFingerprint(_message.Message):
    __slots__ = ("case_count", "median_shape", "median_spacing", "min_spacing", "max_spacing", "intensities", "class_fractions", "channel_names")
    CASE_COUNT_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_SHAPE_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_SPACING_FIELD_NUMBER: _ClassVar[int]
    MIN_SPACING_FIELD_NUMBER: _ClassVar[int]
    MAX_SPACING_FIELD_NUMBER: _ClassVar[int]
    INTENSITIES_FIELD_NUMBER: _ClassVar[int]
    CLASS_FRACTIONS_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_NAMES_FIELD_NUMBER: _ClassVar[int]
    case_count: int
    median_shape: _containers.RepeatedScalarFieldContainer[float]
    median_spacing: _containers.RepeatedScalarFieldContainer[float]
    min_spacing: _containers.RepeatedScalarFieldContainer[float]
    max_spacing: _containers.RepeatedScalarFieldContainer[float]
    intensities: _containers.RepeatedCompositeFieldContainer[ChannelIntensity]
    class_fractions: _containers.RepeatedCompositeFieldContainer[ClassFraction]
    channel_names: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, case_count: _Optional[int] = ..., median_shape: _Optional[_Iterable[float]] = ..., median_spacing: _Optional[_Iterable[float]] = ..., min_spacing: _Optional[_Iterable[float]] = ..., max_spacing: _Optional[_Iterable[float]] = ..., intensities: _Optional[_Iterable[_Union[ChannelIntensity, _Mapping]]] = ..., class_fractions: _Optional[_Iterable[_Union[ClassFraction, _Mapping]]] = ..., channel_names: _Optional[_Iterable[str]] = ...) -> None: ...
