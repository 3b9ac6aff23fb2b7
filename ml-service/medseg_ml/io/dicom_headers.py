"""What one DICOM file's header says, read without its pixels: enough to group, order and budget a series."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydicom.dataset import Dataset

from medseg_ml.io import dicom
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.dicom_geometry import floats, valid_orientation, window

SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4"


@dataclass(frozen=True)
class DicomHeader:
    """One file's header.

    Attributes:
        path: the file.
        position: ImagePositionPatient (LPS mm), None when absent or damaged.
        orientation: ImageOrientationPatient (row then column direction cosines), None when absent.
        pixel_spacing: PixelSpacing (between rows, between columns) in mm, None when absent.
        frames: NumberOfFrames (1 for a single slice).
        rescaled: RescaleSlope/RescaleIntercept change the stored values.
        window: (center, width) of its first VOI window.
    """

    path: Path
    series_instance_uid: str
    sop_instance_uid: str
    sop_class_uid: str
    study_instance_uid: str
    frame_of_reference_uid: str
    modality: str
    series_description: str
    instance_number: int | None
    position: tuple[float, float, float] | None
    orientation: tuple[float, float, float, float, float, float] | None
    pixel_spacing: tuple[float, float] | None
    rows: int
    columns: int
    frames: int
    samples: int
    bits_allocated: int
    photometric: str
    rescaled: bool
    window: tuple[float, float] | None

    @property
    def is_segmentation(self) -> bool:
        """A DICOM-SEG object, not an image slice."""
        return self.sop_class_uid == SEGMENTATION_STORAGE or self.modality == "SEG"


def read_header(path: Path, budget: DecodeBudget | None = None) -> DicomHeader:
    """The header of `path` (pydicom `dcmread(stop_before_pixels=True)`; cheap, no pixel is read).

    Raises:
        DecodeError: not DICOM, damaged, or a deflated data set over `budget`.
    """
    dataset = dicom.read_header(path, budget or DecodeBudget())
    orientation = floats(dataset, "ImageOrientationPatient", 6)
    spacing = floats(dataset, "PixelSpacing", 2)
    return DicomHeader(
        path=path,
        series_instance_uid=_text(dataset, "SeriesInstanceUID"),
        sop_instance_uid=_text(dataset, "SOPInstanceUID"),
        sop_class_uid=_text(dataset, "SOPClassUID"),
        study_instance_uid=_text(dataset, "StudyInstanceUID"),
        frame_of_reference_uid=_text(dataset, "FrameOfReferenceUID"),
        modality=_text(dataset, "Modality"),
        series_description=_text(dataset, "SeriesDescription"),
        instance_number=_int(dataset, "InstanceNumber"),
        position=floats(dataset, "ImagePositionPatient", 3),  # type: ignore[arg-type]
        orientation=orientation if valid_orientation(orientation) else None,  # type: ignore[arg-type]
        pixel_spacing=spacing if spacing and min(spacing) > 0 else None,  # type: ignore[arg-type]
        rows=_int(dataset, "Rows") or 0,
        columns=_int(dataset, "Columns") or 0,
        frames=_int(dataset, "NumberOfFrames") or 1,
        samples=_int(dataset, "SamplesPerPixel") or 1,
        bits_allocated=_int(dataset, "BitsAllocated") or 8,
        photometric=_text(dataset, "PhotometricInterpretation"),
        rescaled=_float(dataset, "RescaleSlope", 1.0) != 1.0
        or _float(dataset, "RescaleIntercept", 0.0) != 0.0,
        window=window(dataset),
    )


def _text(dataset: Dataset, keyword: str) -> str:
    return str(dataset.get(keyword, "") or "").strip()


def _int(dataset: Dataset, keyword: str) -> int | None:
    try:
        value = dataset.get(keyword)
        return None if value is None or value == "" else int(value)
    except (TypeError, ValueError):
        return None


def _float(dataset: Dataset, keyword: str, default: float) -> float:
    try:
        value = dataset.get(keyword)
        return default if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return default
