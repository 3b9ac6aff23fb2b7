"""What a layout finds in an archive: the files of each case, before anything is decoded."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from medseg_ml.datasets.label_names import DatasetMetadata
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb

LAYOUT_MSD = "msd"
LAYOUT_IMAGES_MASKS = "images-masks"


@dataclass(frozen=True)
class CaseFiles:
    """One case's files.

    Attributes:
        name: the case id (MSD "BRATS_001" without channel suffix, a stem below images/, a series folder).
        images: one file per channel in channel order; one file for a single-channel image, an MSD v1 4D
            NIfTI holding every channel, or a DICOM series' first slice when `series` is set.
        mask: its label file; None for an unlabeled case (MSD imagesTs/).
        series: every slice file of a DICOM series, when the case is one; else empty.
    """

    name: str
    images: tuple[zipfile.ZipInfo, ...]
    mask: zipfile.ZipInfo | None
    series: tuple[zipfile.ZipInfo, ...] = ()

    @property
    def unlabeled(self) -> bool:
        return self.mask is None


@dataclass
class Layout:
    """The cases of an archive in pair order, and what was left out.

    Attributes:
        kind: LAYOUT_MSD or LAYOUT_IMAGES_MASKS (InspectResult.layout).
        channels: the channel count every case must have when the file names fix it (MSD `_0000`
            suffixes, dataset.json channel names); None when only decoding tells (one file per case).
        image_count, mask_count: image and label files found, for the "no valid pair" message.
    """

    kind: str
    cases: list[CaseFiles] = field(default_factory=list)
    warnings: list[pb.FileIssue] = field(default_factory=list)
    metadata: DatasetMetadata = field(default_factory=DatasetMetadata)
    channels: int | None = None
    image_count: int = 0
    mask_count: int = 0

    def warn(self, path: str, reason: str) -> None:
        self.warnings.append(pb.FileIssue(path=path, reason=reason))
