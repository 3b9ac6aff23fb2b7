"""DICOM-SEG for DICOM input: a highdicom Segmentation referencing the source series, one segment per label.

Segments are numbered 1..N over the foreground label values present, in ascending order (DICOM wants
consecutive segment numbers; label values such as an atlas's 2001, 4101 are not). Each segment's
TrackingID is "MedSeg label <value>", so `io/dicom_seg.py` reads the original values back; other tools
see segment numbers and the segment labels (the label names). Where segments would overlap they cannot:
the label map written has one value per voxel.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path

import highdicom as hd
import numpy as np
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.uid import generate_uid

from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.dicom import read_header
from medseg_ml.io.dicom_geometry import floats, slice_normal, valid_orientation
from medseg_ml.io.dicom_seg import TRACKING_PREFIX
from medseg_ml.volumes.grid import VolumeGrid

SERIES_NUMBER = 990
_TYPE2 = (
    "PatientID",
    "PatientName",
    "PatientBirthDate",
    "PatientSex",
    "AccessionNumber",
    "StudyID",
    "StudyDate",
    "StudyTime",
    "ReferringPhysicianName",
)
_LABEL_CHARS = 64  # SegmentLabel is a LO: at most 64 characters


def dicom_seg_bytes(
    sources: Sequence[Path | Dataset],
    display_labels: np.ndarray,
    grid: VolumeGrid | None,
    label_names: Mapping[int, str] | None = None,
) -> bytes:
    """A DICOM-SEG (BINARY, AUTOMATIC, algorithm "MedSeg") of label values on a DICOM source series.

    Args:
        sources: the source series' files or data sets (pixel data not needed), in any order: they
            are ordered along the slice normal as `io/dicom_series.py` orders them, so source slice k
            of `grid` is the k-th of them.
        display_labels: (Z, H, W) label values in display order, on `grid`.
        grid: the series' grid (`DecodedImage.grid`); None for a series without geometry, whose
            display slices are its files in order.
        label_names: name by label value; others are "label <value>".

    Returns:
        The SEG as a DICOM Part 10 file. With no foreground it holds the lowest named label (or
        label 1) as one segment with empty frames, so "nothing found" still opens in other tools.

    Raises:
        ValueError: the labels do not fit the series (slice count or size), or are negative.
    """
    datasets = _ordered([s if isinstance(s, Dataset) else read_header(s, DecodeBudget()) for s in sources])
    labels = np.asarray(display_labels)
    source = grid.to_source(labels) if grid is not None else labels.transpose(2, 1, 0)
    rows, columns = int(datasets[0].Rows), int(datasets[0].Columns)
    if source.shape != (columns, rows, len(datasets)):
        raise ValueError(
            f"labels on a {source.shape} source grid do not fit {len(datasets)} slices of {columns}x{rows}"
        )
    frames = source.transpose(2, 1, 0)  # (slice, row, column) of each source file
    if frames.size and int(frames.min()) < 0:
        raise ValueError("label values must not be negative")
    values = [int(v) for v in np.unique(frames) if v > 0]
    names = dict(label_names or {})
    empty = not values
    if empty:
        values = [min((v for v in names if v > 0), default=1)]
    ranks = np.zeros(int(frames.max(initial=0)) + 1, dtype=np.uint16)
    for rank, value in enumerate(values, start=1):
        if value < len(ranks):
            ranks[value] = rank
    pixel_array = ranks[frames] if not empty else np.zeros(frames.shape, dtype=np.uint8)
    if len(values) < 256:
        pixel_array = pixel_array.astype(np.uint8)
    first = datasets[0] = _with_type2(datasets[0])
    seg = hd.seg.Segmentation(
        source_images=datasets,
        pixel_array=pixel_array if not empty else pixel_array.astype(bool),
        segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
        segment_descriptions=[_description(rank, value, names) for rank, value in enumerate(values, start=1)],
        series_instance_uid=generate_uid(),
        series_number=SERIES_NUMBER,
        sop_instance_uid=generate_uid(),
        instance_number=1,
        manufacturer="MedSeg",
        manufacturer_model_name="MedSeg",
        software_versions=_version(),
        device_serial_number="none",
        series_description=f"MedSeg {str(first.get('SeriesDescription', '') or '').strip()}".strip()[:64],
        content_label="MEDSEG",
        content_description="MedSeg automatic segmentation",
        omit_empty_frames=not empty,
    )
    buffer = io.BytesIO()
    seg.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def _description(rank: int, value: int, names: Mapping[int, str]) -> hd.seg.SegmentDescription:
    label = (names.get(value) or f"label {value}").strip() or f"label {value}"
    return hd.seg.SegmentDescription(
        segment_number=rank,
        segment_label=label[:_LABEL_CHARS],
        # MedSeg knows a label's name, not what it is: the generic tissue codes say only that much.
        segmented_property_category=codes.SCT.Tissue,
        segmented_property_type=codes.SCT.Tissue,
        algorithm_type=hd.seg.SegmentAlgorithmTypeValues.AUTOMATIC,
        algorithm_identification=hd.AlgorithmIdentificationSequence(
            name="MedSeg", family=codes.DCM.ArtificialIntelligence, version=_version()
        ),
        tracking_uid=generate_uid(),
        tracking_id=f"{TRACKING_PREFIX}{value}",
    )


def _with_type2(dataset: Dataset) -> Dataset:
    """A copy of the first source with the patient and study attributes highdicom copies, empty where
    missing (Type 2: present, may be empty; anonymised and generated series often leave them out)."""
    missing = [k for k in _TYPE2 if k not in dataset]
    if not missing:
        return dataset
    filled = copy.deepcopy(dataset)
    for keyword in missing:
        setattr(filled, keyword, "")
    return filled


def _ordered(datasets: list[Dataset]) -> list[Dataset]:
    """Along the slice normal when every slice has a position and the first an orientation, else by
    InstanceNumber: the order `io/dicom_series.order_slices` gives the same files."""
    if not datasets:
        raise ValueError("a DICOM-SEG needs the source series' files")
    orientation = floats(datasets[0], "ImageOrientationPatient", 6)
    positions = [floats(d, "ImagePositionPatient", 3) for d in datasets]
    by_number = sorted(datasets, key=lambda d: int(d.get("InstanceNumber", 0) or 0))
    if not valid_orientation(orientation) or any(p is None for p in positions):
        return by_number
    normal = slice_normal(orientation)  # type: ignore[arg-type]
    return sorted(by_number, key=lambda d: float(np.dot(floats(d, "ImagePositionPatient", 3), normal)))


def _version() -> str:
    try:
        return metadata.version("medseg-ml")
    except metadata.PackageNotFoundError:
        return "0"
