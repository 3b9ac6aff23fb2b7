"""What a batch job writes per image: masks as PNG or NIfTI in masks.zip, its report entry, results.csv."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from medseg_ml.evaluation.process import Item, ms
from medseg_ml.evaluation.scoring import LabelName, score_fields
from medseg_ml.inference.card import ModelCard
from medseg_ml.io.decode import split_extension
from medseg_ml.metrics.scores import SCORE_NAMES, ItemScores
from medseg_ml.volumes.grid import VolumeGrid
from medseg_ml.volumes.nifti_out import display_to_nifti

CSV_HEADER = (
    "input_name",
    "output_name",
    "width",
    "height",
    "slice_count",
    "decode_ms",
    "forward_ms",
    "total_ms",
    *SCORE_NAMES,
    "distance_unit",
    "error",
)
# CSV columns read from a report key of another name.
_REPORT_KEY = {"distance_unit": "distanceUnit"}


@dataclass(frozen=True)
class Output:
    """How an item's masks are written: one PNG, PNG per frame, or NIfTI on the input's grid."""

    stem: str
    kind: str  # "png", "frames" or "nifti"
    pair_index: int | None = None
    # The input's grid, for "nifti": the mask is written on it voxel for voxel.
    grid: VolumeGrid | None = None

    def names(self, count: int) -> list[str]:
        if self.kind == "nifti":
            return [f"{self.stem}.nii.gz"]
        if self.kind == "frames":
            return [f"{self.stem}_frame{z:04d}.png" for z in range(count)]
        return [f"{self.stem}.png"]


def write_masks(masks_zip: zipfile.ZipFile, item: Item, card: ModelCard, used: set[str]) -> str:
    """Write the item's masks as label values; returns the (first) name written."""
    output: Output = item.extra
    names = [_unique(n, used) for n in output.names(len(item.masks))]
    values = np.asarray(card.label_values, dtype=np.int64)
    if output.kind == "nifti":
        assert output.grid is not None
        labels = values[np.stack(item.masks)]
        # Gzipped already: storing it again deflated costs time and saves nothing.
        data = display_to_nifti(labels, output.grid, is_label=True)
        masks_zip.writestr(names[0], data, compress_type=zipfile.ZIP_STORED)
        return names[0]
    dtype = np.uint16 if values.max() > 255 else np.uint8
    for name, mask in zip(names, item.masks, strict=False):
        buffer = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(values[mask].astype(dtype))).save(buffer, format="PNG")
        # PNG is compressed already; deflating it again costs time and saves nothing.
        masks_zip.writestr(name, buffer.getvalue(), compress_type=zipfile.ZIP_STORED)
    return names[0]


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate.lower() in used:
        stem, ext = split_extension(name)
        candidate = f"{stem}_{n}{ext}"
        n += 1
    used.add(candidate.lower())
    return candidate


def image_entry(
    item: Item,
    output_name: str | None,
    metrics: ItemScores | None,
    write_ms: float,
    card: ModelCard,
    label_name: LabelName,
) -> dict[str, Any]:
    output: Output | None = item.extra
    return {
        "position": item.position,
        "pair_index": output.pair_index if output is not None else None,
        "name": item.name,
        "input_name": item.name,
        "output_name": output_name,
        "width": item.width,
        "height": item.height,
        "slice_count": len(item.slices),
        "kind": item.kind,
        "spacing": list(item.spacing),
        "distanceUnit": item.distance_unit,
        **score_fields(metrics, card, label_name),
        "decode_ms": ms(item.decode_ms),
        "forward_ms": ms(item.forward_ms),
        "total_ms": ms(item.decode_ms + item.forward_ms + write_ms),
        "has_truth": item.truth is not None and not item.error,
        "error": item.error or None,
    }


def results_csv(rows: list[dict[str, Any]]) -> bytes:
    """results.csv: one row per image, empty cells for missing values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        values = [row[_REPORT_KEY.get(name, name)] for name in CSV_HEADER]
        writer.writerow(["" if value is None else value for value in values])
    return buffer.getvalue().encode()
