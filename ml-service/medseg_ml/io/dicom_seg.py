"""DICOM-SEG masks (highdicom): a Segmentation read into a label volume on its source series' grid.

Segment number n becomes label value n, unless the segment's TrackingID is "MedSeg label <v>" (what
`volumes/dicom_seg_out.py` writes), which gives v back. Where segments overlap, the higher segment
number wins (highdicom's rule when overlap checks are skipped): one label per voxel, as MedSeg's masks
hold. Frames are matched to source slices by the SOPInstanceUIDs they reference when the source knows
its slices' UIDs (a decoded DICOM series), else by their plane positions on the source grid.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import highdicom as hd
import numpy as np
from pydicom.dataset import Dataset

from medseg_ml.io import dicom
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decoded import DICOM_SEG, DecodedImage, DecodeError
from medseg_ml.io.dicom_geometry import floats
from medseg_ml.io.dicom_headers import SEGMENTATION_STORAGE
from medseg_ml.volumes.grid import LPS_TO_RAS

TRACKING_PREFIX = "MedSeg label "
_TRACKED = re.compile(rf"^{re.escape(TRACKING_PREFIX)}(\d+)$")
# A frame's position may sit this far (in voxels) from a source slice and still be that slice.
_POSITION_TOLERANCE = 0.05


def decode_dicom_seg(path: Path, source: DecodedImage, *, budget: DecodeBudget) -> DecodedImage:
    """Decode the DICOM-SEG at `path` as a mask of `source` (its decoded image series).

    Returns:
        pixels (S, 1, H, W) label values (uint16) on the source's display grid; `labels` holds
        (value, segment label) of each segment; `grid` is the source's.

    Raises:
        DecodeError: not a SEG, over the budget (from its header and the source's size, before any
            frame is read), or frames that match no slice of `source`.
    """
    header = dicom.read_header(path, budget)
    if str(header.get("SOPClassUID", "")) != SEGMENTATION_STORAGE:
        raise DecodeError(
            "Is not a DICOM-SEG (its SOPClassUID is not Segmentation Storage); export the mask again"
        )
    rows, columns = int(header.get("Rows", 0) or 0), int(header.get("Columns", 0) or 0)
    frames = int(header.get("NumberOfFrames", 1) or 1)
    budget.check_volume(width=columns, height=rows, slices=frames, channels=1, item_bytes=1)
    depth, _, height, width = source.pixels.shape
    budget.check_volume(width=width, height=height, slices=depth, channels=1, item_bytes=2)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seg = hd.seg.segread(path)
    # highdicom raises ValueError, AttributeError, KeyError and more on objects it cannot parse.
    except Exception as e:
        raise DecodeError(f"Cannot be read as DICOM-SEG ({_first_line(e)}); export it again") from None
    numbers = [int(n) for n in seg.get_segment_numbers()]
    if not numbers:
        raise DecodeError("Holds no segments; export the mask again")
    values, labels = _segment_values(seg, numbers)
    source_shape = source.grid.source_shape if source.grid is not None else (width, height, depth)
    if (columns, rows) != source_shape[:2]:
        raise DecodeError(
            f"Its frames are {columns}x{rows} but the image slices are {source_shape[0]}x{source_shape[1]}; "
            "pair it with the series it was made on"
        )
    try:
        segments = _by_instance(seg, source) if _references(seg, source) else _by_position(seg, source)
    except DecodeError:
        raise
    except Exception as e:
        raise DecodeError(f"Its frames cannot be read ({_first_line(e)}); export it again") from None
    lut = np.zeros(max(numbers) + 1, dtype=np.uint16)
    for number, value in zip(numbers, values, strict=True):
        lut[number] = value
    frames_source = lut[segments].transpose(2, 1, 0)  # (column, row, slice): the source grid
    display = (
        source.grid.to_display(frames_source) if source.grid is not None else frames_source.transpose(2, 1, 0)
    )
    return DecodedImage(
        np.ascontiguousarray(display[:, None]),
        DICOM_SEG,
        modality="SEG",
        volume=source.volume,
        grid=source.grid,
        series_instance_uid=str(seg.get("SeriesInstanceUID", "") or ""),
        labels=labels,
    )


def _segment_values(
    seg: hd.seg.Segmentation, numbers: list[int]
) -> tuple[list[int], tuple[tuple[int, str], ...]]:
    values: list[int] = []
    labels: list[tuple[int, str]] = []
    for number in numbers:
        description = seg.get_segment_description(number)
        tracked = _TRACKED.match(str(getattr(description, "tracking_id", None) or ""))
        value = int(tracked.group(1)) if tracked else number
        if not 0 < value < 65536:
            raise DecodeError(f"Segment {number} stands for label {value}, outside 1..65535; export it again")
        values.append(value)
        labels.append((value, str(description.segment_label or f"label {value}")))
    if len(set(values)) != len(values):
        raise DecodeError("Two segments stand for the same label value; export the mask again")
    return values, tuple(sorted(labels))


def _references(seg: hd.seg.Segmentation, source: DecodedImage) -> bool:
    """The SEG's frames reference at least one of the source's slices by SOPInstanceUID."""
    if not source.sop_instance_uids:
        return False
    referenced = {uid for _, _, uid in seg.get_source_image_uids()}
    return bool(referenced & set(source.sop_instance_uids))


def _by_instance(seg: hd.seg.Segmentation, source: DecodedImage) -> np.ndarray:
    """(slice k, row, column) segment numbers, by the source slices' SOPInstanceUIDs."""
    return np.asarray(
        seg.get_pixels_by_source_instance(
            list(source.sop_instance_uids),
            combine_segments=True,
            skip_overlap_checks=True,
            assert_missing_frames_are_empty=True,
            ignore_spatial_locations=True,
        )
    )


def _by_position(seg: hd.seg.Segmentation, source: DecodedImage) -> np.ndarray:
    """(slice k, row, column) segment numbers, each frame placed by its ImagePositionPatient."""
    grid = source.grid
    if grid is None:
        raise DecodeError(
            "References none of the image's slices and the image has no geometry to place it by; "
            "pair it with the DICOM series it was made on"
        )
    kind = str(seg.get("SegmentationType", ""))
    if kind not in ("BINARY", "FRACTIONAL"):
        raise DecodeError(
            f"Is a {kind} segmentation that references none of the image's slices; pair it with the "
            "DICOM series it was made on"
        )
    _check_orientation(seg, grid.source_affine)
    columns, rows, depth = grid.source_shape
    out = np.zeros((depth, rows, columns), dtype=np.int64)
    to_index = np.linalg.inv(grid.source_affine)
    pixels = np.asarray(seg.pixel_array).reshape(-1, rows, columns)
    fractional = kind == "FRACTIONAL"
    threshold = int(seg.get("MaximumFractionalValue", 255) or 255) / 2 if fractional else 0
    for number, item in sorted(enumerate(seg.PerFrameFunctionalGroupsSequence), key=lambda p: _segment(p[1])):
        k = _slice_of(item, seg, to_index, depth)
        out[k][pixels[number] > threshold] = _segment(item)
    return out


def _check_orientation(seg: hd.seg.Segmentation, source_affine: np.ndarray) -> None:
    """The frames' rows and columns run along the source slices' (shared ImageOrientationPatient)."""
    try:
        plane = seg.SharedFunctionalGroupsSequence[0].PlaneOrientationSequence[0]
    except (AttributeError, IndexError):
        return  # per-frame orientation: positions alone decide
    orientation = floats(plane, "ImageOrientationPatient", 6)
    lps = LPS_TO_RAS @ source_affine  # LPS_TO_RAS is its own inverse
    axes = lps[:3, :2] / np.linalg.norm(lps[:3, :2], axis=0)
    if orientation is None or not np.allclose(np.asarray(orientation).reshape(2, 3).T, axes, atol=1e-3):
        raise DecodeError(
            "Its frames are oriented unlike the image's slices; pair it with the series it was made on"
        )


def _segment(item: Dataset) -> int:
    return int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)


def _slice_of(item: Dataset, seg: hd.seg.Segmentation, to_index: np.ndarray, depth: int) -> int:
    plane = item.get("PlanePositionSequence")
    position = floats(plane[0], "ImagePositionPatient", 3) if plane else None
    if position is None:
        raise DecodeError("Its frames have no plane position; export it again referencing the source series")
    ras = LPS_TO_RAS @ np.array([*position, 1.0])
    i, j, k = (to_index @ ras)[:3]
    nearest = round(float(k))
    if abs(i) > _POSITION_TOLERANCE or abs(j) > _POSITION_TOLERANCE or abs(k - nearest) > _POSITION_TOLERANCE:
        raise DecodeError(
            f"A frame at {tuple(round(p, 1) for p in position)} mm lies between the image's slices or "
            "off its grid; pair it with the series it was made on"
        )
    if not 0 <= nearest < depth:
        raise DecodeError("A frame lies outside the image's slices; pair it with the series it was made on")
    return nearest


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
