"""The image to segment: an uploaded file decoded like a dataset file, or a stored pair from its shard."""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from safetensors import SafetensorError, safe_open
from safetensors.numpy import load as load_safetensors

from medseg_ml.datasets.normalize import normalize_image
from medseg_ml.datasets.render import window_bounds
from medseg_ml.inference.segment import InputError
from medseg_ml.io.budget import DecodeBudget, check_pixels
from medseg_ml.io.decode import (
    RASTER_SUFFIXES,
    SUPPORTED_SUFFIXES,
    decode_file,
    decode_raster_bytes,
    split_extension,
)
from medseg_ml.io.decoded import DecodedImage, DecodeError
from medseg_ml.io.dicom import has_dicom_marker
from medseg_ml.preprocessing import mask_classes
from medseg_ml.training.data import fetch_shard

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# A PNG or JPEG of at most this many pixels decodes in well under a millisecond, and so does its mask
# PNG encode: Segment does both on the event loop instead of paying a hop to a worker thread and back
# (0.2-0.4 ms on its own, measured on this project's 2-core machine). Larger work stays off the loop.
INLINE_PIXELS = 512 * 512
_JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True)
class InputImage:
    """One 2D image ready for `segment`.

    Attributes:
        pixels: (C, H, W) as a dataset stores it (equal RGB channels made gray, compact dtype).
        window: display window of the whole file, so every slice of a volume shares one brightness.
        slice_count: slices in the file; 1 for a 2D image.
        truth: (H, W) ground-truth class indices for a dataset pair, else None.
    """

    pixels: np.ndarray
    window: tuple[float, float]
    slice_count: int = 1
    truth: np.ndarray | None = None

    @property
    def width(self) -> int:
        return int(self.pixels.shape[2])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[1])


def decode_upload(
    data: bytes, file_name: str, slice_index: int, budget: DecodeBudget, work_dir: Path
) -> InputImage:
    """Decode an uploaded PNG, JPEG, DICOM or NIfTI file and pick one slice.

    Args:
        file_name: the original name; its extension tells NIfTI and DICOM apart from PNG/JPEG.
        slice_index: 0-based slice of a volume; must be 0 for a 2D image.
        budget: what decoding the file may cost, checked from its header first.
        work_dir: where the bytes are written briefly (the decoders read files).

    Raises:
        InputError: not a supported image, unreadable, too large, or the slice does not exist.
    """
    name = Path(file_name).name or "the upload"
    if not data:
        raise InputError(f"{name} is empty; upload a PNG, JPEG, DICOM or NIfTI image")
    suffix = upload_suffix(data, file_name)
    try:
        decoded = _decode(data, suffix, budget, work_dir)
        volume = normalize_image(decoded.pixels)
    except DecodeError as e:
        raise InputError(f"{name}: {e}") from None
    count = volume.shape[0]
    if slice_index >= count:
        raise InputError(
            f"slice_index {slice_index} is out of range: the volume has {count} slices (0–{count - 1})"
            if count > 1
            else f"slice_index {slice_index} is out of range: {name} is a 2D image (slice 0 only)"
        )
    return InputImage(np.ascontiguousarray(volume[slice_index]), window_bounds(volume), count)


def _decode(data: bytes, suffix: str, budget: DecodeBudget, work_dir: Path) -> DecodedImage:
    # PNG and JPEG decode from memory (a scratch folder cost about a millisecond per request);
    # the volume readers want a file.
    if suffix in RASTER_SUFFIXES and not has_dicom_marker(data):  # a DICOM named .png is still DICOM
        return decode_raster_bytes(data, suffix, as_mask=False, budget=budget)
    work_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=work_dir))
    try:
        path = folder / f"image{suffix}"
        path.write_bytes(data)
        return decode_file(path, suffix, as_mask=False, budget=budget)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_pair(
    shard_url: str, index: int, label_values: Sequence[int], max_pixels: int, work_dir: Path
) -> InputImage:
    """Fetch the shard holding pair `index` and read its image and ground-truth mask.

    Raises:
        StorageError: the shard could not be fetched.
        InputError: the shard lacks the pair, the pair is malformed or too large, or no label values.
    """
    if len(label_values) < 2:
        raise InputError(
            f"pair.label_values needs background and at least one class, got {list(label_values)}"
        )
    work_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="shard-", dir=work_dir))
    try:
        data = fetch_shard(f"pair-{index}.safetensors", shard_url, folder, threading.Event().is_set)
        image, mask = read_shard_pair(data, index, max_pixels)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if image.shape[0] not in (1, 3):
        raise InputError(f"Pair {index} has {image.shape[0]} channels; expected 1 or 3")
    truth, _ = mask_classes(mask, label_values)
    return InputImage(np.ascontiguousarray(image), window_bounds(image), 1, truth)


def read_shard_pair(data: bytes | Path, index: int, max_pixels: int) -> tuple[np.ndarray, np.ndarray]:
    """Pair `index` of a fetched shard: image (C, H, W) and mask (H, W) of label values.

    Raises:
        InputError: the shard lacks the pair, the pair is malformed, or its slice is over `max_pixels`.
    """
    image, mask = _read_pair_arrays(data, index)
    if image.ndim != 3 or mask.shape != image.shape[1:]:
        raise InputError(
            f"Pair {index} has image {tuple(image.shape)} and mask {tuple(mask.shape)}; expected (C, H, W) "
            "and an (H, W) mask"
        )
    try:
        check_pixels(image.shape[2], image.shape[1], max_pixels)
    except DecodeError as e:
        raise InputError(f"Pair {index}: {e}") from None
    return image, mask


def _read_pair_arrays(data: bytes | Path, index: int) -> tuple[np.ndarray, np.ndarray]:
    keys = (f"image_{index}", f"mask_{index}")
    try:
        if isinstance(data, bytes):
            tensors = load_safetensors(data)
            return tensors[keys[0]], tensors[keys[1]]
        with safe_open(str(data), framework="numpy") as f:
            return f.get_tensor(keys[0]), f.get_tensor(keys[1])
    except (KeyError, SafetensorError) as e:
        raise InputError(f"The shard has no image_{index} and mask_{index} ({e}); check pair.index") from None


def decodes_inline(data: bytes, file_name: str) -> bool:
    """A PNG or JPEG upload (not a DICOM named .png) of at most INLINE_PIXELS, from its header only."""
    try:
        if upload_suffix(data, file_name) not in RASTER_SUFFIXES or has_dicom_marker(data[:132]):
            return False
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (InputError, OSError, ValueError, Image.DecompressionBombError):
        return False
    return width * height <= INLINE_PIXELS


def upload_suffix(data: bytes, file_name: str, *, volumes: bool = False) -> str:
    """The extension that picks the decoder; PNG and JPEG without one are told by their first bytes.

    Raises:
        InputError: an extension no decoder reads (the message lists what `volumes` uploads may be).
    """
    _, suffix = split_extension(Path(file_name).name)
    if suffix == "":
        # No extension: PNG and JPEG say what they are in their first bytes; anything else must be DICOM.
        if data.startswith(_PNG_MAGIC):
            return ".png"
        if data.startswith(_JPEG_MAGIC):
            return ".jpg"
        return ""
    if suffix not in SUPPORTED_SUFFIXES and volumes:
        raise InputError(
            f"{Path(file_name).name} has extension {suffix}; upload a NIfTI (.nii, .nii.gz), NRRD (.nrrd), "
            "MetaImage (.mha, or a ZIP of an .mhd with its .raw), a ZIP of one DICOM series, or a 2D PNG, "
            "JPEG or DICOM image"
        )
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"{Path(file_name).name} has extension {suffix}; upload a PNG, JPEG, DICOM (.dcm) or NIfTI "
            "(.nii, .nii.gz) image"
        )
    return suffix
