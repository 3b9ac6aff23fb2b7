"""Test-time mirroring, as nnU-Net predicts: the network's logits averaged over every flip of the
spatial axes (4 passes for a 2D model, 8 for a 3D one), each flipped back before the mean.

Training mirrors images at random (the nnU-Net augmentation), so each flip is an input the network
knows; averaging them smooths the errors that depend on which way the anatomy faces. nnU-Net v2 averages
logits, not probabilities, and so does this. It is a request option because it costs one forward per
flip; the passes run one after another, so memory grows by one logits tensor, not by the flip count.

`Mirrored` wraps a network and is equal (and hashes equal) to every other wrapper of the same network,
so the Segment micro-batcher, which keys its queues by network, still gathers mirrored requests for one
model into one batch.
"""

from __future__ import annotations

from itertools import combinations

import torch
from torch import nn


def flip_combinations(spatial_dims: int) -> list[tuple[int, ...]]:
    """The axes of a (B, C, *spatial) tensor to flip, for every subset of the spatial axes (the empty
    one first: the image as it is)."""
    axes = range(2, 2 + spatial_dims)
    return [combo for n in range(spatial_dims + 1) for combo in combinations(axes, n)]


class Mirrored(nn.Module):
    """`network` run on every mirror image of its input, logits flipped back and averaged.

    Args:
        network: takes (B, C, *spatial) and, for a guided network, guidance maps of the same spatial
            shape; returns (B, K, *spatial) logits.
        spatial_dims: 2 or 3.
    """

    def __init__(self, network: nn.Module, spatial_dims: int) -> None:
        super().__init__()
        if spatial_dims not in (2, 3):
            raise ValueError(f"spatial_dims is 2 or 3, got {spatial_dims}")
        self.network = network
        self.spatial_dims = spatial_dims

    def forward(self, x: torch.Tensor, *maps: torch.Tensor) -> torch.Tensor:
        combos = flip_combinations(self.spatial_dims)
        total: torch.Tensor | None = None
        for axes in combos:
            if axes:
                out = self.network(torch.flip(x, axes), *(torch.flip(m, axes) for m in maps))
                out = torch.flip(out, axes)
            else:
                out = self.network(x, *maps)
            total = out.float() if total is None else total.add_(out.float())
        assert total is not None
        return total / len(combos)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mirrored) and other.network is self.network

    def __hash__(self) -> int:
        return hash((Mirrored, id(self.network)))


def mirrored_if(network: nn.Module, spatial_dims: int, mirror: bool) -> nn.Module:
    """`network` wrapped in `Mirrored` when `mirror` is set (a request's test_time_mirroring); itself
    otherwise."""
    return Mirrored(network, spatial_dims).eval() if mirror else network
