"""How a batch job names and encodes its masks, in-process."""

from __future__ import annotations

import io
import zipfile

import numpy as np
from PIL import Image

from medseg_ml.evaluation.batch_outputs import CSV_HEADER, Output, write_masks
from medseg_ml.evaluation.process import Item
from medseg_ml.inference.card import ModelCard
from medseg_ml.networks.factory import network_spec


def card(labels: tuple[int, ...]) -> ModelCard:
    return ModelCard(network_spec("unet", 1, len(labels), depth=2, base_channels=4), labels, 1, 32)


def written(labels: tuple[int, ...], items: list[Item]) -> dict[str, np.ndarray]:
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w") as masks:
        for item in items:
            write_masks(masks, item, card(labels), used)
    with zipfile.ZipFile(buffer) as masks:
        return {name: np.asarray(Image.open(io.BytesIO(masks.read(name)))) for name in masks.namelist()}


def item(stem: str, kind: str, masks: list[np.ndarray]) -> Item:
    return Item(0, stem, masks=masks, extra=Output(stem, kind))


def test_masks_hold_label_values_in_16_bits_past_255() -> None:
    mask = np.array([[0, 1], [2, 1]])
    out = written((0, 7, 300), [item("a/b/scan", "png", [mask])])
    assert list(out) == ["a/b/scan.png"]
    assert out["a/b/scan.png"].dtype == np.uint16
    np.testing.assert_array_equal(out["a/b/scan.png"], [[0, 7], [300, 7]])
    small = written((0, 255), [item("x", "png", [mask.clip(0, 1)])])["x.png"]
    assert small.dtype == np.uint8 and small.max() == 255


def test_frames_are_numbered_and_clashing_names_get_a_suffix() -> None:
    mask = np.zeros((3, 4), dtype=np.int64)
    out = written(
        (0, 1), [item("cine", "frames", [mask, mask]), item("x", "png", [mask]), item("x", "png", [mask])]
    )
    assert sorted(out) == ["cine_frame0000.png", "cine_frame0001.png", "x.png", "x_1.png"]


def test_csv_header_is_the_documented_one() -> None:
    assert ",".join(CSV_HEADER) == (
        "input_name,output_name,width,height,slice_count,decode_ms,forward_ms,total_ms,"
        "dice,iou,hd95,asd,nsd,distance_unit,error"
    )
