"""2D input normalization: 8-bit images keep the scale they share across a dataset (divided by 255), other
types are stretched per image, and a card's method is what inference applies, old cards keeping theirs."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from model_factory import Threshold

from medseg_ml.evaluation.export_description import export_description
from medseg_ml.evaluation.monai_bundle import inference_config
from medseg_ml.inference.card import CardError, ModelCard
from medseg_ml.inference.segment import segment
from medseg_ml.networks.factory import network_spec
from medseg_ml.preprocessing import INPUT_NORMALIZATION, normalize_intensity, prepare_image

CPU = torch.device("cpu")


def near_empty_slice() -> np.ndarray:
    """The top of a head: dark noise (values 0..6) with a few brighter specks, as an 8-bit PNG."""
    rng = np.random.default_rng(0)
    image = rng.integers(0, 7, (1, 64, 64)).astype(np.uint8)
    image[0, 30:32, 30:32] = 12
    return image


def test_an_8_bit_image_is_divided_by_255_and_a_near_empty_one_stays_dark() -> None:
    image = near_empty_slice()
    fixed = normalize_intensity(image, "eight_bit_fixed")
    assert fixed.dtype == np.float32
    np.testing.assert_allclose(fixed, image / 255, rtol=1e-6)
    assert fixed.max() < 0.05
    # Stretched on its own, the same slice's noise fills the whole range: what made false positives.
    assert normalize_intensity(image, "percentile").max() == 1.0
    assert (normalize_intensity(image, "percentile") > 0.5).mean() > 0.1


def test_other_types_are_stretched_per_image_whatever_the_method() -> None:
    image = (np.arange(4096, dtype=np.uint16).reshape(1, 64, 64) * 3 + 1000).astype(np.uint16)
    np.testing.assert_array_equal(
        normalize_intensity(image, "eight_bit_fixed"), normalize_intensity(image, "percentile")
    )
    assert normalize_intensity(image.astype(np.float32), "eight_bit_fixed").max() == 1.0


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown 2D normalization 'zscore'"):
        normalize_intensity(near_empty_slice(), "zscore")


def test_new_cards_record_the_8_bit_method_and_old_ones_read_as_percentile() -> None:
    spec = network_spec("unet", in_channels=1, out_channels=2, depth=2, base_channels=4)
    base = {"network": spec.to_dict(), "classes": {"label_values": [0, 1]}, "channels": 1, "input_size": 32}
    assert INPUT_NORMALIZATION["method"] == "eight_bit_fixed"
    new = ModelCard.from_json(json.dumps(base | {"input_normalization": INPUT_NORMALIZATION}))
    assert new.normalization == "eight_bit_fixed"
    assert ModelCard.from_json(json.dumps(base)).normalization == "percentile"
    old = ModelCard.from_json(json.dumps(base | {"input_normalization": {"method": "percentile"}}))
    assert old.normalization == "percentile"
    with pytest.raises(
        CardError, match="'zscore' is not supported; this ml-service applies 'eight_bit_fixed' or"
    ):
        ModelCard.from_json(json.dumps(base | {"input_normalization": {"method": "zscore"}}))


def test_segment_prepares_an_image_as_its_card_says() -> None:
    """A dim 8-bit image (everything at 100 of 255, one brighter pixel): an 8-bit card sees it dim and
    predicts nothing; a percentile card stretches the brighter pixel to 1 and predicts it."""
    spec = network_spec("unet", in_channels=1, out_channels=2, depth=2, base_channels=4)
    image = np.full((1, 32, 32), 100, np.uint8)
    image[0, 5, 5] = 120
    network = Threshold().eval()
    eight_bit = ModelCard(spec, (0, 1), 1, 32, normalization="eight_bit_fixed")
    percentile = ModelCard(spec, (0, 1), 1, 32, normalization="percentile")
    assert not segment(network, image, eight_bit, CPU).mask.any()
    assert segment(network, image, percentile, CPU).mask[5, 5] == 1
    prepared = prepare_image(image, 1, 32, "eight_bit_fixed")
    assert prepared.max().item() == pytest.approx(120 / 255, rel=1e-5)


def describe(card: ModelCard) -> dict[str, object]:
    return export_description(card, "m1", "onnx", "model.onnx", 17, "onnxruntime", 0.0, 1e-4)


def test_exports_describe_the_cards_scaling() -> None:
    spec = network_spec("unet", in_channels=1, out_channels=2, depth=2, base_channels=4)
    eight_bit = ModelCard(spec, (0, 1), 1, 32, normalization="eight_bit_fixed")
    percentile = ModelCard(spec, (0, 1), 1, 32, normalization="percentile")
    scale = next(t for t in inference_config(eight_bit)["preprocessing"]["transforms"] if "a_max" in t)
    assert scale["_target_"] == "ScaleIntensityRanged" and (scale["a_min"], scale["a_max"]) == (0.0, 255.0)
    stretch = [t["_target_"] for t in inference_config(percentile)["preprocessing"]["transforms"]]
    assert "ScaleIntensityRangePercentilesd" in stretch
    assert "8-bit images: divide by 255" in json.dumps(describe(eight_bit))
    assert "divide by 255" not in json.dumps(describe(percentile))
