"""The objects the volume viewer opens per case: `cases/<index>/image.nii.gz` (channel 0),
`image_<c>.nii.gz` (channel c >= 1) and `mask.nii.gz` (labelled cases), on the input's own grid.
A colour 2D image (a one-slice case) is one RGB24 `image.nii.gz` instead of three channels."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from medseg_ml.volumes.grid import VolumeGrid
from medseg_ml.volumes.nifti_out import display_to_nifti

NIFTI_CONTENT_TYPE = "application/gzip"


def case_prefix(index: int) -> str:
    return f"cases/{index:05d}"


def image_path(index: int, channel: int) -> str:
    name = "image.nii.gz" if channel == 0 else f"image_{channel}.nii.gz"
    return f"{case_prefix(index)}/{name}"


def mask_path(index: int) -> str:
    return f"{case_prefix(index)}/mask.nii.gz"


def viewer_objects(
    index: int, pixels: np.ndarray, mask: np.ndarray | None, grid: VolumeGrid, *, rgb: bool = False
) -> Iterator[tuple[str, bytes]]:
    """(path, gzipped NIfTI) of each channel of pixels (S, C, H, W), then of mask (S, H, W) unless None.

    With `rgb` (3 channels), the image is one RGB24 NIfTI, 8 bits per channel (wider pixels scaled to 0-255).
    One object at a time, so no more than one compressed volume is held beside the case itself.
    """
    if rgb:
        yield image_path(index, 0), display_to_nifti(_rgb24(pixels), grid, is_label=False)
    for channel in range(0 if not rgb else pixels.shape[1], pixels.shape[1]):
        yield image_path(index, channel), display_to_nifti(pixels[:, channel], grid, is_label=False)
    if mask is not None:
        yield mask_path(index), display_to_nifti(mask, grid, is_label=True)


def _rgb24(pixels: np.ndarray) -> np.ndarray:
    """(S, 3, H, W) as an (S, H, W) RGB24 array (NIfTI's DT_RGB24), scaled to 8 bits when wider."""
    channels = pixels if pixels.dtype == np.uint8 else _to_uint8(pixels)
    out = np.empty(channels.shape[:1] + channels.shape[2:], dtype=[("R", "u1"), ("G", "u1"), ("B", "u1")])
    for c, name in enumerate(("R", "G", "B")):
        out[name] = channels[:, c]
    return out


def _to_uint8(pixels: np.ndarray) -> np.ndarray:
    low, high = float(pixels.min()), float(pixels.max())
    scale = 255.0 / (high - low) if high > low else 0.0
    return np.clip(np.rint((pixels.astype(np.float32) - low) * scale), 0, 255).astype(np.uint8)
