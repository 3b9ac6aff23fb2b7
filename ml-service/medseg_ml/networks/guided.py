"""A segmentation network that also takes guidance maps (medseg_ml.guidance.encode) beside the image.

Every path that segments without prompts (Segment, SegmentVolume, evaluation, batch, ranking) calls it
with the image alone, and it appends zero maps: a guided model is an automatic model until prompted.
"""

from __future__ import annotations

import torch
from torch import nn


class GuidedNetwork(nn.Module):
    """`inner` takes image_channels + guidance_channels input channels; this takes them apart."""

    def __init__(self, inner: nn.Module, image_channels: int, guidance_channels: int) -> None:
        super().__init__()
        self.inner = inner
        self.image_channels = image_channels
        self.guidance_channels = guidance_channels

    def forward(self, image: torch.Tensor, guidance: torch.Tensor | None = None) -> torch.Tensor:
        """Logits of `inner` on the image and its guidance (B, G, *spatial); zeros when None."""
        if guidance is None:
            guidance = image.new_zeros((image.shape[0], self.guidance_channels, *image.shape[2:]))
        return self.inner(torch.cat([image, guidance.to(image.dtype)], dim=1))
