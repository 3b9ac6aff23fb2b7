"""The card's post-processing on every automatic mask: Segment's, a volume's (per slice for a 2D model, on
the whole volume for a 3D one), and evaluation's before it scores; never on probabilities or on the
masks sessions predict. A thresholding stub predicts exactly what a test draws."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from model_factory import Threshold

from medseg_ml.evaluation.cases import VOLUME
from medseg_ml.evaluation.process import Item, Progress, forward_items, report_header, score_item
from medseg_ml.inference.card import CardError, ModelCard
from medseg_ml.inference.segment import prepared_masks, segment, segment_batch, segment_many
from medseg_ml.inference.volume_predict import predict_volume
from medseg_ml.networks.factory import network_spec
from medseg_ml.postprocessing import PostProcessing
from medseg_ml.preprocessing import prepare_image

CPU = torch.device("cpu")
LARGEST = PostProcessing((1,))


def card_2d(postprocessing: PostProcessing = LARGEST, input_size: int = 32) -> ModelCard:
    spec = network_spec("unet", in_channels=1, out_channels=2, depth=2, base_channels=4)
    return ModelCard(spec, (0, 1), 1, input_size, postprocessing=postprocessing)


def disc(size: int, r: int) -> np.ndarray:
    yy, xx = np.mgrid[:size, :size]
    return ((yy - size // 2) ** 2 + (xx - size // 2) ** 2 < r**2).astype(np.uint8)


def with_speck(size: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """A (1, S, S) image of a disc and a speck, and the disc alone (the truth)."""
    truth = disc(size, size // 4)
    image = truth * 255
    image[1:3, 1:3] = 255
    return image[None].astype(np.uint8), truth


def card_json(**fields: object) -> str:
    spec = network_spec("unet", in_channels=1, out_channels=2, depth=2, base_channels=4)
    card = {"network": spec.to_dict(), "classes": {"label_values": [0, 1]}, "channels": 1, "input_size": 32}
    return json.dumps(card | fields)


def test_the_card_reads_its_post_processing_and_a_card_without_one_applies_none() -> None:
    record = PostProcessing((1,), {"1": {"before": 0.9, "after": 0.95}}, {1: 12}, 4, "chosen on 4")
    assert ModelCard.from_json(card_json(postprocessing=record.to_dict())).postprocessing == record
    assert ModelCard.from_json(card_json()).postprocessing.is_none
    with pytest.raises(CardError, match="postprocessing names class 2 of a 2-class model"):
        ModelCard.from_json(card_json(postprocessing={"largest_component_classes": [2]}))
    with pytest.raises(CardError, match="foreground"):
        ModelCard.from_json(card_json(postprocessing={"min_component_size": {"0": 3}}))


def test_segment_paths_post_process_the_mask_but_not_the_probabilities_or_a_sessions_mask() -> None:
    network, card = Threshold(), card_2d()
    image, truth = with_speck()
    result = segment(network, image, card, CPU)
    np.testing.assert_array_equal(result.mask, truth)
    assert result.probabilities[1, 1, 1] > 0.99, "the network's own probabilities are kept"
    np.testing.assert_array_equal(segment_many(network, [image, image], card, CPU)[1].mask, truth)
    np.testing.assert_array_equal(segment_batch(network, [image], card, CPU)[0], truth)
    raw = prepared_masks(network, prepare_image(image, 1, 32)[None], [(32, 32)], CPU)[0]
    assert raw[1, 1] == 1, "sessions show the network's own mask"
    assert segment(network, image, card_2d(PostProcessing.none()), CPU).mask[1, 1] == 1


def test_minimum_sizes_scale_from_input_size_to_the_images_own_size() -> None:
    network = Threshold()
    image, _ = with_speck(64)
    image[0, 1:7, 1:7] = 255  # 36 pixels at 64 x 64, about 9 at input_size 32
    sized = PostProcessing(min_component_size={1: 16})
    at_32 = segment(network, image, card_2d(sized, input_size=32), CPU).mask
    at_64 = segment(network, image, card_2d(sized, input_size=64), CPU).mask
    assert not at_32[:8, :8].any() and at_32[32, 32] == 1, "16 px at 32 x 32 is 64 px at 64 x 64"
    assert at_64[:8, :8].sum() == 36


def test_a_2d_model_post_processes_each_slice_of_a_volume_on_its_own() -> None:
    image, truth = with_speck()
    alone = np.zeros_like(image)
    alone[0, 1:3, 1:3] = 255  # on its own slice the speck is that slice's largest component
    volume = np.stack([image, alone], axis=1)
    mask = predict_volume(Threshold(), card_2d(), volume, (1.0, 1.0, 1.0), CPU)
    np.testing.assert_array_equal(mask[0], truth)
    assert mask[1].sum() == 4


def test_a_3d_model_post_processes_the_whole_volume() -> None:
    spec = network_spec("unet_3d", in_channels=1, out_channels=2, depth=2, base_channels=4)
    rule = {"channel": 0, "scheme": "ct", "clip": [0.0, 1.0], "mean": 0.0, "std": 1.0}
    card = ModelCard(spec, (0, 1), 1, 16, 3, (8, 16, 16), (0.0, 0.0, 0.0), (rule,), (), LARGEST)
    zz, yy, xx = np.mgrid[:10, :20, :20]
    ball = ((zz - 5) ** 2 + (yy - 10) ** 2 + (xx - 10) ** 2 < 16).astype(np.uint8)
    volume = ball.astype(np.float32)
    volume[0, 0, 18:20] = 1.0  # in a slice of its own, yet not the volume's largest component
    mask = predict_volume(Threshold(), card, volume[None], (1.0, 1.0, 1.0), CPU)
    np.testing.assert_array_equal(mask, ball)


def test_evaluation_scores_the_post_processed_masks_and_says_so() -> None:
    image, truth = with_speck()
    items = [
        Item(0, "image", slices=[image], truth=[truth]),
        Item(1, "volume", slices=[image, image], truth=[truth, truth], kind=VOLUME, spacing=(1.0, 1.0, 1.0)),
    ]
    events: list[object] = []
    progress = Progress(events.append, total=3)
    done = list(forward_items(items, Threshold(), card_2d(), CPU, 4, lambda: False, progress))
    for item in done:
        assert all(np.array_equal(mask, truth) for mask in item.masks)
        assert score_item(item, card_2d(), 1.0).mean("dice") == 1.0
    header = report_header(card_2d(), progress, 0, 2, 0, "")
    assert header["postprocessing"]["largest_component_classes"] == [1]
