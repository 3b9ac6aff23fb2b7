"""What a batch job writes per item: masks as PNG or NIfTI in masks.zip (and a DICOM-SEG beside the NIfTI
of a DICOM series), its report entry, results.csv."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image
from pydicom.dataset import Dataset

from medseg_ml.evaluation.cases import VOLUME
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
    """How an item's masks are written: one PNG, PNG per frame, or NIfTI on the input's grid.

    Attributes:
        pair_index, case_index: the dataset pair (a case's first) and case of a dataset item.
        grid: the input's grid, for "nifti": the mask is written on it voxel for voxel.
        dicom_sources: the headers of a DICOM series item's slices; a DICOM-SEG referencing them is
            written beside its mask.
    """

    stem: str
    kind: str  # "png", "frames" or "nifti"
    pair_index: int | None = None
    grid: VolumeGrid | None = None
    case_index: int | None = None
    dicom_sources: tuple[Dataset, ...] = ()

    def names(self, count: int) -> list[str]:
        if self.kind == "nifti":
            return [f"{self.stem}.nii.gz"]
        if self.kind == "frames":
            return [f"{self.stem}_frame{z:04d}.png" for z in range(count)]
        return [f"{self.stem}.png"]


def write_masks(
    masks_zip: zipfile.ZipFile, item: Item, card: ModelCard, used: set[str]
) -> tuple[str, str | None]:
    """Write the item's masks as label values.

    Returns:
        The (first) mask name written, and the DICOM-SEG's name for a DICOM series item (else None).
    """
    output: Output = item.extra
    names = [_unique(n, used) for n in output.names(len(item.masks))]
    values = np.asarray(card.label_values, dtype=np.int64)
    if output.kind == "nifti":
        assert output.grid is not None
        # Gzipped already: storing it again deflated costs time and saves nothing.
        data = display_to_nifti(values[np.stack(item.masks)], output.grid, is_label=True)
        masks_zip.writestr(names[0], data, compress_type=zipfile.ZIP_STORED)
    else:
        dtype = np.uint16 if values.max() > 255 else np.uint8
        for name, mask in zip(names, item.masks, strict=False):
            buffer = io.BytesIO()
            Image.fromarray(np.ascontiguousarray(values[mask].astype(dtype))).save(buffer, format="PNG")
            # PNG is compressed already; deflating it again costs time and saves nothing.
            masks_zip.writestr(name, buffer.getvalue(), compress_type=zipfile.ZIP_STORED)
    if not output.dicom_sources:
        return names[0], None
    # Named after the NIfTI actually written (suffixed when its name clashed), so the two stay paired;
    # a series without geometry (PNG frames) after the series.
    base = split_extension(names[0])[0] if output.kind == "nifti" else output.stem
    seg_name = _unique(f"{base}.seg.dcm", used)
    masks_zip.writestr(seg_name, _dicom_seg(item, output, values, card))
    return names[0], seg_name


def _dicom_seg(item: Item, output: Output, values: np.ndarray, card: ModelCard) -> bytes:
    """A DICOM-SEG of the item's labels on its source series, segments named by the model card."""
    # highdicom is imported only when a batch holds a DICOM series: its import takes a while.
    from medseg_ml.volumes.dicom_seg_out import dicom_seg_bytes

    names = {int(label.value): label.name for label in card.label_names() if label.name}
    labels = values[np.stack(item.masks)]
    return dicom_seg_bytes(list(output.dicom_sources), labels, output.grid, names)


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
    written: tuple[str | None, str | None],
    metrics: ItemScores | None,
    write_ms: float,
    card: ModelCard,
    label_name: LabelName,
) -> dict[str, Any]:
    """One report item (a volume or a 2D image); `written` is write_masks' answer ((None, None) when
    nothing was written)."""
    output: Output | None = item.extra
    volume = item.kind == VOLUME
    return {
        "position": item.position,
        "pair_index": output.pair_index if output is not None else None,
        "caseIndex": output.case_index if output is not None else None,
        "name": item.name,
        "input_name": item.name,
        "output_name": written[0],
        "dicomSegName": written[1],
        "width": item.width,
        "height": item.height,
        "slice_count": len(item.slices),
        "kind": item.kind,
        "shape": [len(item.slices), item.height, item.width] if volume else [item.height, item.width],
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
