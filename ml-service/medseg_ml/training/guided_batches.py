"""Guidance maps for a guided network's training batch: prompts simulated from the batch's masks
(guidance/simulate.py), then DeepEdit's corrective rounds, encoded as sessions encode a person's.

A corrective round predicts the batch with the guidance so far and adds, per prompted sample, a click at
the centre of its largest error region. As MONAI Label's DeepEdit `Interaction` does, the prediction
runs in eval mode without gradients and the network goes back to train mode for the step: in train mode
a BatchNorm layer (attention_unet, resunet) would update its running statistics a second time on the
same batch and dropout would perturb the prediction, while the clicks must correct what the model as
served gets wrong. Without prompts (an automatic sample) a sample's maps stay zero, so the model keeps
segmenting on its own; validation calls the network without guidance and measures just that.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from medseg_ml.guidance.encode import encode_guidance
from medseg_ml.guidance.prompts import Prompt
from medseg_ml.guidance.simulate import DEFAULT_SETTINGS, SimulationSettings, corrective_click, draw_prompts
from medseg_ml.networks.factory import NetworkSpec
from medseg_ml.preprocessing import class_indices


class GuidanceSimulator:
    """Simulated guidance for the batches of one guided network (`class_count` classes, maps of width
    `sigma` voxels)."""

    def __init__(
        self, class_count: int, sigma: float, settings: SimulationSettings = DEFAULT_SETTINGS
    ) -> None:
        self.class_count = class_count
        self.sigma = sigma
        self.settings = settings

    @classmethod
    def for_network(cls, spec: NetworkSpec, class_count: int) -> GuidanceSimulator | None:
        """The simulator a network's training needs; None for an automatic network."""
        if spec.guidance is None:
            return None
        return cls(class_count, float(spec.guidance["sigma"]))

    def guidance(
        self, network: nn.Module, images: torch.Tensor, masks: torch.Tensor, generator: torch.Generator
    ) -> torch.Tensor:
        """(B, 2K, *spatial) float32 maps on the images' device for `network(images, guidance)`.

        Args:
            images: (B, C, *spatial) and masks (B, *spatial) long, augmented as they are trained on.
            generator: the loop's; every random draw comes from it, so a resumed job draws the same.
        """
        rng = np.random.default_rng(int(torch.randint(2**62, (1,), generator=generator)))
        truth = masks.cpu().numpy()
        prompts = [draw_prompts(t, self.class_count, rng, self.settings) for t in truth]
        maps = self._encode(prompts, truth.shape[1:], images.device)
        settings = self.settings
        if not any(p is not None for p in prompts) or rng.random() >= settings.corrective_probability:
            return maps
        rounds = int(rng.integers(1, settings.max_corrective_rounds + 1))
        was_training = network.training
        network.eval()
        try:
            with (
                torch.no_grad(),
                torch.autocast(images.device.type, dtype=torch.float16, enabled=images.device.type == "cuda"),
            ):
                for _ in range(rounds):
                    predicted = class_indices(network(images, maps)).cpu().numpy()
                    for sample, given in enumerate(prompts):
                        if given is not None and (
                            click := corrective_click(predicted[sample], truth[sample])
                        ):
                            given.append(click)
                    maps = self._encode(prompts, truth.shape[1:], images.device)
        finally:
            network.train(was_training)
        return maps

    def _encode(
        self, prompts: Sequence[list[Prompt] | None], shape: Sequence[int], device: torch.device
    ) -> torch.Tensor:
        maps = np.stack([encode_guidance(p or [], shape, self.class_count, self.sigma) for p in prompts])
        return torch.from_numpy(maps).to(device, non_blocking=True)
