"""A saved annotation checked against its case and turned into what a dataset version stores.

The person's mask (NIfTI on the case's grid, or a PNG for a one-slice case) is decoded under the
request's limits, checked to lie on the case's grid and to hold only the dataset's label values, and
written three ways: a mask shard (`mask_<pair index>` per slice, the layout datasets/shards.py writes,
so the trainer reads it like any shard), a NIfTI on the case's own grid (the viewer's mask.nii.gz) and,
for a one-slice case, a PNG. The proposal the person started from, when given, is decoded the same way
for how much they changed and the proposal's Dice.

Memory: the mask and the proposal, each within `limits` (checked from their headers before decoding),
plus per-slice int64 copies; the Dice counts are a (K, K) confusion matrix summed slice by slice.
"""

from __future__ import annotations

import io
import math
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image
from safetensors.numpy import save

from medseg_ml.datasets.case_reader import same_grid
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.datasets.normalize import label_values
from medseg_ml.datasets.shards import SHARD_FORMAT
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import volume_pb2 as vpb
from medseg_ml.io.budget import format_bytes
from medseg_ml.io.decode import decode_file, split_extension
from medseg_ml.io.decoded import NIFTI, DecodedImage, DecodeError
from medseg_ml.volumes.grid import VolumeGrid, display_grid
from medseg_ml.volumes.nifti_out import display_to_nifti

# The dtypes datasets/normalize.py stores masks in, smallest first.
_MASK_DTYPES = (np.uint8, np.uint16, np.int16, np.int32, np.int64)


class AnnotationError(ValueError):
    """The saved mask (or its proposal) cannot be used; the message says why and how to fix it."""


def prepare_annotation(request: pb.PrepareAnnotationRequest, work_dir: Path) -> pb.PrepareAnnotationResponse:
    """Check and convert one saved mask; scratch files live under `work_dir` while it runs.

    Raises:
        AnnotationError: a bad request or a mask that does not fit the case or the dataset.
    """
    limits = ArchiveLimits.from_proto(request.limits) if request.HasField("limits") else ArchiveLimits()
    case = request.case
    shape = (int(case.depth), int(case.height), int(case.width))
    values = [int(v) for v in request.label_values]
    _check_request(request, shape, values)
    grid, physical = _case_grid(case, shape)
    work_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="annotation-", dir=work_dir))
    try:
        mask = _read(
            "mask", request.mask, request.mask_file_name, case, grid, physical, values, limits, folder
        )
        proposal = (
            _read(
                "proposal",
                request.proposal,
                request.proposal_file_name,
                case,
                grid,
                physical,
                values,
                limits,
                folder,
            )
            if request.proposal
            else None
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    voxel_ml = float(np.prod(grid.spacing)) / 1000.0 if physical else 0.0
    response = pb.PrepareAnnotationResponse(
        mask_shard=_mask_shard(mask, request.pair_indices),
        mask_nifti=display_to_nifti(mask, grid, is_label=True),
        mask_png=_png(mask[0]) if shape[0] == 1 else b"",
        label_voxels=[
            vpb.LabelVoxels(value=value, voxels=count, volume_ml=count * voxel_ml)
            for value, count in _counts(mask).items()
        ],
        pair_labels=[
            pb.PairLabels(pair_index=pair, labels=label_values(mask[z]))
            for z, pair in enumerate(request.pair_indices)
        ],
        total_voxels=int(mask.size),
    )
    if proposal is None:
        # Nothing to compare with: every labelled voxel is the person's.
        response.changed_voxels = int(sum(np.count_nonzero(s) for s in mask))
        response.proposal_dice = math.nan
        return response
    confusion = _confusion(proposal, mask, values)
    response.changed_voxels = int(confusion.sum() - np.trace(confusion))
    dice = _dice(confusion)
    response.proposal_dice_per_class.extend(dice.tolist())
    foreground = dice[1:][~np.isnan(dice[1:])]
    response.proposal_dice = float(foreground.mean()) if foreground.size else math.nan
    return response


def _check_request(
    request: pb.PrepareAnnotationRequest, shape: tuple[int, int, int], values: list[int]
) -> None:
    if min(shape) < 1:
        raise AnnotationError(f"case {request.case.index} has no size (depth, height, width {shape})")
    if len(request.pair_indices) != shape[0]:
        raise AnnotationError(
            f"pair_indices lists {len(request.pair_indices)} pairs but case {request.case.index} has "
            f"{shape[0]} slices; send one pair index per slice"
        )
    if not values or values[0] != 0 or len(set(values)) != len(values):
        raise AnnotationError(
            "label_values must list the dataset's distinct label values, 0 (background) first"
        )
    if not request.mask:
        raise AnnotationError(
            "mask is empty; send the saved mask as NIfTI (.nii/.nii.gz) or, for a 2D image, PNG"
        )


def _case_grid(case: pb.DatasetCase, shape: tuple[int, int, int]) -> tuple[VolumeGrid, bool]:
    """The case's grid and whether it is physical (from its geometry) rather than pixels."""
    if case.HasField("geometry") and len(case.geometry.source_affine) == 16:
        grid = VolumeGrid.from_proto(case.geometry)
        if grid.display_shape != shape:
            raise AnnotationError(
                f"case {case.index}'s geometry is {grid.display_shape} but the case is {shape}"
            )
        return grid, True
    return display_grid(shape), False


def _read(
    what: str,
    data: bytes,
    file_name: str,
    case: pb.DatasetCase,
    grid: VolumeGrid,
    physical: bool,
    values: Sequence[int],
    limits: ArchiveLimits,
    folder: Path,
) -> np.ndarray:
    """Decode `what` ("mask" or "proposal") to (S, H, W) label values on the case's grid."""
    _, suffix = split_extension(file_name or "")
    if suffix not in (".nii", ".nii.gz", ".png"):
        raise AnnotationError(
            f"The {what} {file_name!r} is not NIfTI or PNG; save it as .nii.gz on the case's grid"
            + (" or as a PNG of label values" if case.depth == 1 else "")
        )
    if suffix == ".png" and case.depth != 1:
        raise AnnotationError(
            f"The {what} is a PNG but case {case.index} has {case.depth} slices; save it as .nii.gz"
        )
    budget = limits.budget
    if len(data) > budget.max_file_bytes:
        raise AnnotationError(
            f"The {what} is {format_bytes(len(data))}, over the limit of "
            f"{format_bytes(budget.max_file_bytes)} (MEDSEG_DATASET_MAX_VOLUME_MB)"
        )
    path = folder / f"{what}{suffix}"
    path.write_bytes(data)
    try:
        decoded = decode_file(path, suffix, as_mask=True, budget=budget)
        labels = _labels(decoded)
    except DecodeError as e:
        raise AnnotationError(f"The {what}: {e}") from None
    finally:
        path.unlink(missing_ok=True)
    want = (int(case.depth), int(case.height), int(case.width))
    if labels.shape != want:
        raise AnnotationError(
            f"The {what} is {_describe(labels.shape)} but case {case.index} ({case.name}) is "
            f"{_describe(want)}; save it on the case's grid (the case's image.nii.gz)"
        )
    if (
        decoded.format == NIFTI
        and physical
        and decoded.grid is not None
        and not same_grid(decoded.grid, grid)
    ):
        raise AnnotationError(
            f"The {what} has the case's shape but not its position (its affine differs from case "
            f"{case.index}'s by more than 0.001 mm); save it on the grid of the case's image.nii.gz"
        )
    unknown = sorted(set(label_values(labels)) - set(values))
    if unknown:
        raise AnnotationError(
            f"The {what} holds label values {_list(unknown)} that the dataset does not have; its labels are "
            f"{_list(values)}"
        )
    return labels


def _labels(decoded: DecodedImage) -> np.ndarray:
    """(S, H, W) integer labels of a decoded mask, exactly as saved (no 0/255 or lossy rules)."""
    pixels = decoded.pixels
    if pixels.shape[1] != 1 and not all(
        np.array_equal(pixels[:, 0], pixels[:, c]) for c in range(1, pixels.shape[1])
    ):
        raise DecodeError("Is a colour image; save the mask as single-channel label values")
    labels = pixels[:, 0]
    if labels.dtype == bool:
        labels = labels.astype(np.uint8)
    if labels.dtype.kind == "f":
        bad = ~np.isfinite(labels) | (labels != np.round(labels))
        if bad.any():
            raise DecodeError(
                f"Holds non-integer values such as {labels[bad].flat[0]:g}; save integer labels"
            )
    if labels.size == 0:
        return np.ascontiguousarray(labels, dtype=np.uint8)
    low, high = labels.min(), labels.max()
    for dtype in _MASK_DTYPES:
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return np.ascontiguousarray(labels, dtype=dtype)
    raise DecodeError(f"Holds label value {high:g}, which does not fit in 64 bits")


def _mask_shard(mask: np.ndarray, pair_indices: Sequence[int]) -> bytes:
    tensors = {f"mask_{pair}": np.ascontiguousarray(mask[z]) for z, pair in enumerate(pair_indices)}
    return save(tensors, metadata={"format": SHARD_FORMAT})


def _png(mask: np.ndarray) -> bytes:
    dtype = np.uint8 if int(mask.max(initial=0)) <= 255 else np.uint16
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(mask.astype(dtype))).save(buffer, format="PNG")
    return buffer.getvalue()


def _counts(mask: np.ndarray) -> dict[int, int]:
    counts: dict[int, int] = {}
    for z in range(mask.shape[0]):
        found, n = np.unique(mask[z], return_counts=True)
        for value, count in zip(found.tolist(), n.tolist(), strict=True):
            counts[int(value)] = counts.get(int(value), 0) + int(count)
    return dict(sorted(counts.items()))


def _confusion(proposal: np.ndarray, mask: np.ndarray, values: Sequence[int]) -> np.ndarray:
    """(K, K) counts: row = proposal's class index, column = mask's; summed slice by slice."""
    order = np.argsort(values)
    ordered = np.asarray(values, dtype=np.int64)[order]
    k = len(values)
    confusion = np.zeros(k * k, dtype=np.int64)
    for z in range(mask.shape[0]):
        p = order[np.searchsorted(ordered, proposal[z].astype(np.int64).ravel())]
        t = order[np.searchsorted(ordered, mask[z].astype(np.int64).ravel())]
        confusion += np.bincount(p * k + t, minlength=k * k)
    return confusion.reshape(k, k)


def _dice(confusion: np.ndarray) -> np.ndarray:
    """Per class Dice, metrics/overlap.py's rule (NaN where absent from both); background NaN as in
    metrics/scores.py, so it never counts in a mean."""
    shared = np.diag(confusion).astype(np.float64)
    total = (confusion.sum(axis=0) + confusion.sum(axis=1)).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        dice = np.where(total > 0, 2 * shared / np.maximum(total, 1), math.nan)
    dice[0] = math.nan
    return dice


def _describe(shape: tuple[int, ...]) -> str:
    slices, height, width = shape
    return f"{width}x{height}" if slices == 1 else f"{width}x{height} with {slices} slices"


def _list(values: Sequence[int]) -> str:
    return ", ".join(str(v) for v in values)
