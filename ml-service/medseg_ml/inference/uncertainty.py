"""How unsure a model is on a whole case: what an annotation queue asks a person to label first.

Two of MONAI Label's strategies: the mean voxel entropy of the softmax (normalized by log K to 0..1,
voxels the model is sure of counting as 0, see UNSURE_ENTROPY), and the epistemic one, the mean voxel
variance of the softmax over forward passes with dropout active (Gal & Ghahramani's Monte-Carlo
dropout). Both are means over every voxel of the volume as the model sees it (a 2D model's input size,
a 3D model's training spacing), so the ranking among one dataset's cases is what counts.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator, Sequence

import numpy as np
import torch
from torch import nn

from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import check_channels, slice_probabilities
from medseg_ml.inference.volume_predict import SLICE_BATCH

ENTROPY = pb.UNCERTAINTY_METHOD_ENTROPY
MC_DROPOUT = pb.UNCERTAINTY_METHOD_MC_DROPOUT
DEFAULT_DROPOUT_SAMPLES = 8
# Normalized entropy below this counts as 0 (sure: for 2 classes, top probability above ~0.89). A model's
# background is never quite at 0 entropy, and how far off it is varies from case to case with the
# case's statistics (a small foreground shifts InstanceNorm's features over the whole image): summed
# over a large background, that low hum outweighed the few hundred truly unsure voxels of a case the
# model never saw, and a copy of a training image with a small shape went first in the queue.
UNSURE_ENTROPY = 0.5
# Each pass's softmax of one chunk (a slice batch, or a whole 3D volume) is alive at once.
MAX_DROPOUT_SAMPLES = 16

_DROPOUT = (nn.Dropout, nn.Dropout1d, nn.Dropout2d, nn.Dropout3d, nn.AlphaDropout, nn.FeatureAlphaDropout)


def has_dropout(network: nn.Module) -> bool:
    return any(isinstance(m, _DROPOUT) and m.p > 0 for m in network.modules())


def dropout_copy(network: nn.Module) -> nn.Module:
    """A copy in eval mode but with its dropout layers sampling; the cached network is shared, so never it."""
    sampling = copy.deepcopy(network).eval()
    for module in sampling.modules():
        if isinstance(module, _DROPOUT):
            module.train()
    return sampling


def case_uncertainty(
    network: nn.Module,
    card: ModelCard,
    volume: np.ndarray,
    spacing: Sequence[float],
    device: torch.device,
    *,
    method: int = ENTROPY,
    samples: int = DEFAULT_DROPOUT_SAMPLES,
    sampling_network: nn.Module | None = None,
) -> tuple[float, int]:
    """The case's score and the method used.

    Args:
        network: in eval mode on `device`.
        volume: (C, Z, H, W) dataset-normalized pixels.
        spacing: mm per (slice, row, column); a 2D model ignores it.
        method: ENTROPY (mean normalized entropy, voxels under UNSURE_ENTROPY counting as 0), or
            MC_DROPOUT (ENTROPY when the network has no dropout layer).
        sampling_network: `dropout_copy(network)` for MC_DROPOUT, made once for many cases.

    Raises:
        InputError: the volume's channel count is not the model's.
    """
    if method == MC_DROPOUT and has_dropout(network):
        sampler = sampling_network or dropout_copy(network)
        passes = max(2, min(samples or DEFAULT_DROPOUT_SAMPLES, MAX_DROPOUT_SAMPLES))
        return _mean_variance(sampler, card, volume, spacing, device, passes), MC_DROPOUT
    return _mean_entropy(network, card, volume, spacing, device), ENTROPY


def _mean_entropy(
    network: nn.Module, card: ModelCard, volume: np.ndarray, spacing: Sequence[float], device: torch.device
) -> float:
    total, count = 0.0, 0
    classes = max(card.class_count, 2)
    for p in _probability_chunks(network, card, volume, spacing, device):
        entropy = -(p * torch.log(p.clamp_min(1e-12))).sum(dim=1) / math.log(classes)
        total += float(entropy[entropy >= UNSURE_ENTROPY].sum())
        count += entropy.numel()
    return total / max(count, 1)


def _mean_variance(
    network: nn.Module,
    card: ModelCard,
    volume: np.ndarray,
    spacing: Sequence[float],
    device: torch.device,
    passes: int,
) -> float:
    total, count = 0.0, 0
    runs = [_probability_chunks(network, card, volume, spacing, device) for _ in range(passes)]
    for chunks in zip(*runs, strict=True):
        stacked = torch.stack(chunks)
        # Variance over the passes, averaged over classes: one number per voxel.
        variance = stacked.var(dim=0, unbiased=False).mean(dim=1)
        total += float(variance.sum())
        count += variance.numel()
    return total / max(count, 1)


def _probability_chunks(
    network: nn.Module, card: ModelCard, volume: np.ndarray, spacing: Sequence[float], device: torch.device
) -> Iterator[torch.Tensor]:
    """Softmax of the whole case in pieces shaped (B, K, ...): slice batches of a 2D model, or one
    (1, K, Z, H, W) for a 3D model's sliding window."""
    with torch.inference_mode():
        if getattr(card, "spatial_dims", 2) == 3:
            from medseg_ml.inference.sliding_window import prepare_3d, window_logits

            x = prepare_3d(card, volume, spacing)
            yield torch.softmax(window_logits(network, x, card.patch_size, device)[None], dim=1)
            return
        check_channels(volume[:, 0], card.channels)
        depth = volume.shape[1]
        for start in range(0, depth, SLICE_BATCH):
            slices = [volume[:, z] for z in range(start, min(start + SLICE_BATCH, depth))]
            yield slice_probabilities(network, slices, card, device)
