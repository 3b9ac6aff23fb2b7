"""Decode one case: its channel files stacked into (S, C, H, W), its label volume, and its grid.

A case's channels must lie on one grid (same shape and the same voxel-to-world mapping), or stacking
them would pair voxels that are not the same place in the patient; such an archive is refused.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from medseg_ml.datasets.archive import ArchiveRefusedError
from medseg_ml.datasets.case_files import CaseFiles
from medseg_ml.datasets.nifti_channels import decode_nifti_channels, nifti_channel_count
from medseg_ml.datasets.normalize import normalize_image, normalize_mask
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decoded import NIFTI, DecodedImage, DecodeError
from medseg_ml.volumes.grid import VolumeGrid, display_grid

# World positions of two grids closer than this (mm) are the same place.
GRID_TOLERANCE_MM = 1e-3

# (entry, as_mask) -> the decoded file; raises DecodeError / EntryDamagedError. The caller's extractor.
Decoder = Callable[[zipfile.ZipInfo, bool], DecodedImage]
# (entry) -> the file extracted to a temp path, for the 4D NIfTI reader; removed by the caller.
Extractor = Callable[[zipfile.ZipInfo], Path]


@dataclass(frozen=True)
class DecodedCase:
    """Attributes:
    pixels: (S, C, H, W) normalized (normalize_image), C = channels.
    mask: (S, H, W) label values; all zeros for an unlabeled case.
    grid: where the voxels sit; display_grid(shape) (1 mm, origin 0) for files without geometry.
    image: the first channel's decoded file (format, modality, window, series uid).
    mask_file: the mask's decoded file; None when unlabeled.
    mask_adjustment: the warning normalize_mask gave, if any.
    """

    pixels: np.ndarray
    mask: np.ndarray
    grid: VolumeGrid
    image: DecodedImage
    mask_file: DecodedImage | None
    mask_adjustment: str | None = None

    @property
    def is_volume(self) -> bool:
        image_volume = self.image.volume or self.pixels.shape[0] > 1
        return image_volume or bool(self.mask_file and self.mask_file.volume)


class CaseSkipped(Exception):
    """This case cannot be used; `path` and `reason` are the warning."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def read_case(
    case: CaseFiles, decode: Decoder, extract: Extractor, budget: DecodeBudget, *, msd_single_file: bool
) -> DecodedCase:
    """Decode every file of `case`.

    Args:
        msd_single_file: an MSD v1 case (one file, no channel suffix), whose 4D NIfTI holds its channels.

    Raises:
        CaseSkipped: a file cannot be decoded or the mask does not fit; the case is left out.
        ArchiveRefusedError: its channels lie on different grids.
    """
    channels, grids, image = _read_channels(case, decode, extract, budget, msd_single_file)
    shape = channels[0].shape
    # One file per channel; a 4D file's channels share its grid.
    others = zip(case.images[1:], channels[1:], grids[1:], strict=True) if len(case.images) > 1 else ()
    for info, pixels, grid in others:
        if pixels.shape != shape or not same_grid(grid, grids[0]):
            raise ArchiveRefusedError(
                [f"Case {case.name}: channel {info.filename} is {_grid_text(pixels.shape, grid)} but "
                 f"{case.images[0].filename} is {_grid_text(shape, grids[0])}; every channel of a case must "
                 "be on the same voxel grid, so resample them to one grid and zip again"]
            )  # fmt: skip
    pixels = channels[0] if len(channels) == 1 else np.concatenate(channels, axis=1)
    del channels
    grid = grids[0] or display_grid(pixels.shape[0:1] + pixels.shape[2:])
    if case.mask is None:
        mask = np.zeros((pixels.shape[0], *pixels.shape[2:]), dtype=np.uint8)
        return DecodedCase(pixels, mask, grid, image, None)
    mask_file = decode_or_skip(decode, case.mask, as_mask=True)
    try:
        mask, adjustment = normalize_mask(mask_file)
    except DecodeError as e:
        raise CaseSkipped(case.mask.filename, str(e)) from None
    want = (pixels.shape[0], *pixels.shape[2:])
    if mask.shape != want:
        raise CaseSkipped(
            case.mask.filename,
            f"Mask {case.mask.filename} is {describe(mask.shape)} but its image is {describe(want)}; "
            "export the mask at the image's size",
        )
    mask_grid = mask_file.grid
    if grids[0] is not None and mask_grid is not None and not same_grid(mask_grid, grids[0]):
        adjustment = "; ".join(
            filter(None, [adjustment, "Its grid (origin, spacing or direction) differs from its image's; "
                          "the image's grid is used"])
        )  # fmt: skip
    return DecodedCase(pixels, mask, grid, image, mask_file, adjustment)


def _read_channels(
    case: CaseFiles, decode: Decoder, extract: Extractor, budget: DecodeBudget, msd_single_file: bool
) -> tuple[list[np.ndarray], list[VolumeGrid | None], DecodedImage]:
    """Each channel normalized as (S, 1|3, H, W) with its grid, and the first channel's decoded file."""
    first = case.images[0]
    if msd_single_file and first.filename.lower().endswith((".nii", ".nii.gz")):
        path = extract(first)
        try:
            if nifti_channel_count(path) > 1:
                pixels, grid = decode_nifti_channels(path, budget)
                image = DecodedImage(pixels[:, :1], NIFTI, volume=True, grid=grid)
                stacked = [normalize_image(pixels[:, c : c + 1]) for c in range(pixels.shape[1])]
                return stacked, [grid] * len(stacked), image
        except DecodeError as e:
            raise CaseSkipped(first.filename, str(e)) from None
        finally:
            path.unlink(missing_ok=True)
    channels: list[np.ndarray] = []
    grids: list[VolumeGrid | None] = []
    image: DecodedImage | None = None
    for info in case.images:
        decoded = decode_or_skip(decode, info, as_mask=False)
        if len(case.images) > 1 and decoded.pixels.shape[1] != 1:
            raise CaseSkipped(info.filename, "Is a colour image; a channel file holds one channel")
        try:
            channels.append(normalize_image(decoded.pixels))
        except DecodeError as e:
            raise CaseSkipped(info.filename, str(e)) from None
        grids.append(decoded.grid)
        image = image or decoded
    assert image is not None
    return channels, grids, image


def decode_or_skip(decode: Decoder, info: zipfile.ZipInfo, *, as_mask: bool) -> DecodedImage:
    try:
        return decode(info, as_mask)
    except DecodeError as e:
        raise CaseSkipped(info.filename, str(e)) from None


def same_grid(a: VolumeGrid | None, b: VolumeGrid | None) -> bool:
    """Whether two grids put every display voxel at the same world position (None: geometry unknown)."""
    if a is None or b is None:
        return True
    if a.display_shape != b.display_shape:
        return False
    return bool(np.allclose(a.display_affine, b.display_affine, atol=GRID_TOLERANCE_MM))


def describe(shape: tuple[int, ...]) -> str:
    """'64x32' (width x height) for one slice, '64x32 with 20 slices' for a volume; shape is (S, H, W)."""
    slices, height, width = shape
    return f"{width}x{height}" if slices == 1 else f"{width}x{height} with {slices} slices"


def _grid_text(shape: tuple[int, ...], grid: VolumeGrid | None) -> str:
    text = describe((shape[0], *shape[2:]))
    if grid is None:
        return text
    spacing = "x".join(f"{s:g}" for s in grid.spacing)
    origin = ", ".join(f"{v:.1f}" for v in grid.display_affine[:3, 3])
    return f"{text} ({spacing} mm, origin {origin})"
