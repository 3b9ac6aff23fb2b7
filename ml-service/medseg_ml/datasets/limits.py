"""Archive limits from the request, with the ml-service's defaults where the gateway sent zero."""

from __future__ import annotations

from dataclasses import dataclass

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb

GIB = 1024**3

DEFAULT_MAX_ENTRIES = 100_000
DEFAULT_MAX_UNCOMPRESSED_BYTES = 8 * GIB
DEFAULT_MAX_COMPRESSION_RATIO = 200
DEFAULT_MAX_PIXELS_PER_SLICE = 64 * 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = DEFAULT_MAX_ENTRIES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
    max_compression_ratio: int = DEFAULT_MAX_COMPRESSION_RATIO
    max_pixels_per_slice: int = DEFAULT_MAX_PIXELS_PER_SLICE

    @classmethod
    def from_proto(cls, limits: pb.DatasetLimits) -> ArchiveLimits:
        """Take each limit from `limits`, or the default where it is zero."""
        return cls(
            max_entries=limits.max_entries or cls.max_entries,
            max_uncompressed_bytes=limits.max_uncompressed_bytes or cls.max_uncompressed_bytes,
            max_compression_ratio=limits.max_compression_ratio or cls.max_compression_ratio,
            max_pixels_per_slice=limits.max_pixels_per_slice or cls.max_pixels_per_slice,
        )
