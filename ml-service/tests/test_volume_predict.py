"""predict_volume for a 2D model: the stack of what each slice gives alone, batched or not."""

from __future__ import annotations

import numpy as np
import torch

from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import segment
from medseg_ml.inference.volume_predict import predict_volume
from medseg_ml.networks.factory import build_network, network_spec


def test_a_2d_model_predicts_a_volume_as_its_stacked_slices() -> None:
    torch.manual_seed(0)
    spec = network_spec("unet", in_channels=1, out_channels=2, depth=2, base_channels=4)
    network = build_network(spec).eval()
    card = ModelCard(spec, (0, 1), 1, 32)
    volume = np.random.default_rng(3).integers(0, 200, size=(1, 5, 24, 20)).astype(np.uint8)
    seen: list[tuple[int, int]] = []
    mask = predict_volume(
        network, card, volume, (2.5, 0.8, 0.8), torch.device("cpu"), lambda d, t: seen.append((d, t)), 2
    )
    assert mask.shape == (5, 24, 20)
    for z in range(5):
        alone = segment(network, volume[:, z], card, torch.device("cpu")).mask
        np.testing.assert_array_equal(mask[z], alone)
    assert seen == [(2, 5), (4, 5), (5, 5)]
