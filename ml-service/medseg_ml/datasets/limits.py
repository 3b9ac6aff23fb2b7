"""The limits of `DatasetLimits` (sent by the gateway with every inspection, segmentation and batch),
with the ml-service's defaults where the gateway sent zero. This is the one home of every default.
"""

from __future__ import annotations

from dataclasses import dataclass

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.io.budget import (
    DEFAULT_MAX_PIXELS_PER_SLICE,
    DEFAULT_MAX_SLICES_PER_FILE,
    DEFAULT_MAX_VOLUME_BYTES,
    GIB,
    DecodeBudget,
)

__all__ = ["DEFAULT_MAX_PIXELS_PER_SLICE", "ArchiveLimits"]

DEFAULT_MAX_ENTRIES = 100_000
DEFAULT_MAX_UNCOMPRESSED_BYTES = 8 * GIB
DEFAULT_MAX_COMPRESSION_RATIO = 200
DEFAULT_MAX_PAIRS = 200_000
DEFAULT_MAX_CLASSES = 256

ENTRIES_SETTING = "MEDSEG_DATASET_MAX_ENTRIES"
UNCOMPRESSED_SETTING = "MEDSEG_DATASET_MAX_UNCOMPRESSED_MB"
RATIO_SETTING = "MEDSEG_DATASET_MAX_COMPRESSION_RATIO"
PAIRS_SETTING = "MEDSEG_DATASET_MAX_PAIRS"
CLASSES_SETTING = "MEDSEG_DATASET_MAX_CLASSES"


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = DEFAULT_MAX_ENTRIES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
    max_compression_ratio: int = DEFAULT_MAX_COMPRESSION_RATIO
    max_pixels_per_slice: int = DEFAULT_MAX_PIXELS_PER_SLICE
    max_volume_bytes: int = DEFAULT_MAX_VOLUME_BYTES
    max_slices_per_file: int = DEFAULT_MAX_SLICES_PER_FILE
    # Pairs of one dataset (each slice of a volume is one).
    max_pairs: int = DEFAULT_MAX_PAIRS
    # Distinct label values (background included) of one mask and of one dataset.
    max_classes: int = DEFAULT_MAX_CLASSES

    @property
    def budget(self) -> DecodeBudget:
        """What decoding one file may cost."""
        return DecodeBudget(self.max_pixels_per_slice, self.max_volume_bytes, self.max_slices_per_file)

    def pairs_error(self, count: int) -> str | None:
        """Why `count` pairs are too many for one dataset, or None."""
        if count <= self.max_pairs:
            return None
        return (
            f"The dataset has more than {self.max_pairs} image/mask pairs (each slice of a volume is one), "
            f"over the limit ({PAIRS_SETTING}); split it into smaller datasets or raise the limit"
        )

    def classes_error(self, count: int, subject: str) -> str | None:
        """Why `count` distinct label values are too many, or None; the message starts with `subject`."""
        if count <= self.max_classes:
            return None
        return (
            f"{subject} {count} distinct label values, over the limit of {self.max_classes} classes "
            f"({CLASSES_SETTING}); save masks with one value per class or raise the limit"
        )

    @classmethod
    def from_proto(cls, limits: pb.DatasetLimits) -> ArchiveLimits:
        """Take each limit from `limits`, or the default where it is zero."""
        return cls(
            max_entries=limits.max_entries or cls.max_entries,
            max_uncompressed_bytes=limits.max_uncompressed_bytes or cls.max_uncompressed_bytes,
            max_compression_ratio=limits.max_compression_ratio or cls.max_compression_ratio,
            max_pixels_per_slice=limits.max_pixels_per_slice or cls.max_pixels_per_slice,
            max_volume_bytes=limits.max_volume_bytes or cls.max_volume_bytes,
            max_slices_per_file=limits.max_slices_per_file or cls.max_slices_per_file,
            max_pairs=limits.max_pairs or cls.max_pairs,
            max_classes=limits.max_classes or cls.max_classes,
        )
