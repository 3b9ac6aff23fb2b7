"""Which augmentation a job's training batches get: its hyper-parameters' preset, 2D or 3D."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import torch

from medseg_ml.training.augment import augment, flip_3d
from medseg_ml.training.hyperparameters import Hyperparameters
from medseg_ml.training.spatial_augment import NNUNET_2D, NNUNET_3D, augment_batch

# (images, masks, generator) -> augmented (images, masks); validation batches never pass through one.
Augmenter = Callable[[torch.Tensor, torch.Tensor, torch.Generator], tuple[torch.Tensor, torch.Tensor]]


def augmenter_for(hp: Hyperparameters) -> Augmenter | None:
    """None when augmentation is off; "light" is the recipe before nnU-Net's (flips, turns, jitter)."""
    if not hp.augmentation:
        return None
    if hp.augmentation_preset == "light":
        return flip_3d if hp.is_3d else augment
    return partial(augment_batch, settings=NNUNET_3D if hp.is_3d else NNUNET_2D)
