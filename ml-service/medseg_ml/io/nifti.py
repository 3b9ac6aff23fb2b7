"""NIfTI (.nii, .nii.gz): 3D volumes become axial slices shown as a DICOM viewer shows them."""

from __future__ import annotations

import gzip
import io
import struct
import zlib
from pathlib import Path

import nibabel as nib
import numpy as np

from medseg_ml.io.budget import HEADER_ALLOWANCE_BYTES, DecodeBudget, inflate_capped
from medseg_ml.io.decoded import NIFTI, DecodedImage, DecodeError, native
from medseg_ml.volumes.grid import VolumeGrid

_GZIP_MAGIC = b"\x1f\x8b"
# A NIfTI-2 header is 540 bytes, a NIfTI-1 header 348 (plus 4 bytes of extension flag).
_HEADER_BYTES = 540


def decode_nifti(path: Path, *, as_mask: bool, budget: DecodeBudget) -> DecodedImage:
    """Decode a NIfTI volume into axial slices.

    A 3D volume keeps its own grid (`DecodedImage.grid`, from its shape and affine) and is shown in
    display order (`grid.to_display`): slices from inferior to superior, anterior up and the patient's
    right on the left, as in a DICOM viewer; image and mask get the same transform, so they stay
    aligned, and writers put voxels back with `grid.to_source`. scl_slope/scl_inter are applied.

    The header is checked against `budget` before any voxel is read; a .nii.gz is inflated next to
    `path`, up to what its header needs, and never whole into memory.

    Returns:
        pixels (Z, 1, Y, X).

    Raises:
        DecodeError: unreadable, truncated, 4D with more than one volume, colour, or over the budget.
    """
    del as_mask  # labels and intensities are read alike
    budget.check_file(path)
    with path.open("rb") as f:
        gzipped = f.read(2) == _GZIP_MAGIC
    if not gzipped:
        return _decode_plain(path, budget)
    plain = path.with_name(f"{path.name}.inflated.nii")
    try:
        _gunzip(path, plain, budget)
        return _decode_plain(plain, budget)
    finally:
        plain.unlink(missing_ok=True)


def _decode_plain(path: Path, budget: DecodeBudget) -> DecodedImage:
    with path.open("rb") as f:
        header = _header(f.read(_HEADER_BYTES))
    shape = _shape(header)
    data_end = _check_budget(header, shape, budget)
    size = path.stat().st_size
    if size < data_end:
        raise DecodeError(
            f"Is truncated: its header describes voxels up to byte {data_end} but the file holds {size}; "
            "export it again"
        )
    try:
        image = nib.load(path, mmap=False)
        data = np.asarray(image.dataobj)
        affine = image.affine
    # nibabel raises ImageFileError, OSError, EOFError, ValueError and more on damaged files.
    except Exception as e:
        raise DecodeError(f"Its voxels cannot be read ({e}); export it again") from None
    if data.dtype.fields is not None:
        raise DecodeError("Is a colour (RGB) NIfTI; save it as a single-channel volume")
    volume = native(data.reshape(data.shape[0], data.shape[1], -1))
    if len(shape) == 3:
        grid = _grid(volume.shape, affine)
        slices = grid.to_display(volume)
    else:
        # A 2D NIfTI is one slice with no volume around it: shown by the same axial rule, no grid.
        grid = None
        slices = volume.transpose(2, 1, 0)[:, ::-1, ::-1]
    return DecodedImage(np.ascontiguousarray(slices[:, None]), NIFTI, volume=slices.shape[0] > 1, grid=grid)


def _grid(shape: tuple[int, ...], affine: np.ndarray | None) -> VolumeGrid:
    """The file's own grid; a singular or missing affine (a broken qform/sform) falls back to voxels of
    1 mm on the file's axes, as nibabel itself does for a header without one."""
    if affine is None or not np.all(np.isfinite(affine)) or abs(np.linalg.det(affine[:3, :3])) < 1e-12:
        affine = np.eye(4)
    return VolumeGrid.create(shape, affine)


def _header(head: bytes) -> nib.Nifti1Header:
    """The NIfTI-1 or -2 header at the start of `head`, picked by its sizeof_hdr in either byte order."""
    sizes = {struct.unpack("<i", head[:4])[0], struct.unpack(">i", head[:4])[0]} if len(head) >= 4 else set()
    klass = nib.Nifti1Header if 348 in sizes else nib.Nifti2Header if 540 in sizes else None
    if klass is None or len(head) < (348 if klass is nib.Nifti1Header else 540):
        raise DecodeError("Cannot be read as NIfTI (it has no NIfTI-1 or NIfTI-2 header); export it again")
    try:
        return klass.from_fileobj(io.BytesIO(head), check=False)
    except Exception as e:
        raise DecodeError(f"Cannot be read as NIfTI ({e}); export it again") from None


def _shape(header: nib.Nifti1Header) -> tuple[int, ...]:
    try:
        shape = tuple(int(n) for n in header.get_data_shape())
    except Exception as e:
        raise DecodeError(
            f"Cannot be read as NIfTI (its dimensions are damaged: {e}); export it again"
        ) from None
    if len(shape) == 4 and shape[3] == 1:
        return shape[:3]
    if len(shape) > 3:
        dims = "x".join(str(n) for n in shape)
        raise DecodeError(
            f"Is {len(shape)}D ({dims}); only 3D volumes are read, so split it into one file per volume"
        )
    if len(shape) < 2:
        raise DecodeError(f"Has {len(shape)} dimension(s); a NIfTI image needs at least 2")
    return shape


def _check_budget(header: nib.Nifti1Header, shape: tuple[int, ...], budget: DecodeBudget) -> int:
    """Check the header's claim against the budget; return the byte where its voxels end."""
    try:
        dtype = header.get_data_dtype()
        slope, inter = header.get_slope_inter()
        offset = int(header.get_data_offset())
    except Exception as e:
        raise DecodeError(f"Cannot be read as NIfTI ({e}); export it again") from None
    scaled = slope not in (None, 1.0) or inter not in (None, 0.0)
    # nibabel applies scl_slope/scl_inter in float64.
    item_bytes = 8 if scaled else dtype.itemsize
    slices = shape[2] if len(shape) == 3 else 1
    budget.check_volume(width=shape[0], height=shape[1], slices=slices, channels=1, item_bytes=item_bytes)
    return offset + shape[0] * shape[1] * slices * dtype.itemsize


def plain_nifti(data: bytes) -> bytes:
    """The .nii bytes of a .nii or .nii.gz file already decoded under a budget, inflated no further than
    its header needs (never `gzip.decompress` whole)."""
    if data[:2] != _GZIP_MAGIC:
        return data
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        header = _header(stream.read(_HEADER_BYTES))
    shape = _shape(header)
    slices = shape[2] if len(shape) == 3 else 1
    data_end = int(header.get_data_offset()) + shape[0] * shape[1] * slices * header.get_data_dtype().itemsize
    out = io.BytesIO()
    cap = data_end + HEADER_ALLOWANCE_BYTES
    inflate_capped(io.BytesIO(data), out, cap, wbits=16 + zlib.MAX_WBITS, what="its gzip stream")
    return out.getvalue()


def _gunzip(path: Path, dest: Path, budget: DecodeBudget) -> None:
    """Inflate the .nii.gz at `path` into `dest`, refusing a stream longer than its header can need."""
    try:
        with gzip.open(path, "rb") as stream:
            head = stream.read(_HEADER_BYTES)
    except (OSError, EOFError, zlib.error) as e:
        raise DecodeError(
            f"Cannot be read as NIfTI (its gzip stream is damaged: {e}); export it again"
        ) from None
    header = _header(head)
    data_end = _check_budget(header, _shape(header), budget)
    with path.open("rb") as src, dest.open("wb") as out:
        inflate_capped(
            src, out, budget.inflate_cap(data_end), wbits=16 + zlib.MAX_WBITS, what="its gzip stream"
        )
