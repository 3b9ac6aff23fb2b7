"""Test-time mirroring: the mean of the network's logits over every flip of the spatial axes, which makes
the prediction of a flipped image the flipped prediction, guidance maps flipped with their image."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from medseg_ml.inference.batcher import SegmentBatcher
from medseg_ml.inference.mirroring import Mirrored, flip_combinations, mirrored_if
from medseg_ml.networks.factory import build_network, network_spec


class Guided(nn.Module):
    """A network of an image and its guidance maps whose output depends on both, and on direction."""

    def __init__(self) -> None:
        super().__init__()
        self.image = nn.Conv2d(1, 2, 3, padding=1)
        self.maps = nn.Conv2d(2, 2, 3, padding=1)

    def forward(self, x: torch.Tensor, maps: torch.Tensor) -> torch.Tensor:
        return self.image(x) * self.maps(maps)


def test_every_subset_of_the_spatial_axes_is_flipped_once() -> None:
    assert flip_combinations(2) == [(), (2,), (3,), (2, 3)]
    combos = flip_combinations(3)
    assert len(combos) == len(set(combos)) == 8 and combos[0] == () and (2, 3, 4) in combos


@pytest.mark.parametrize("dims", [2, 3])
def test_a_flipped_image_gets_the_flipped_prediction_which_a_plain_forward_does_not(dims: int) -> None:
    torch.manual_seed(0)
    conv = (nn.Conv2d if dims == 2 else nn.Conv3d)(1, 3, 3, padding=1)
    x = torch.rand(2, 1, *([8] * dims))
    axis = (2 + dims - 1,)
    with torch.inference_mode():
        plain = conv(torch.flip(x, axis)) - torch.flip(conv(x), axis)
        mirrored = Mirrored(conv, dims)
        assert plain.abs().max() > 1e-3, "a random kernel is not symmetric"
        torch.testing.assert_close(mirrored(torch.flip(x, axis)), torch.flip(mirrored(x), axis))
        # The mean of the flips, each flipped back.
        flips = [torch.flip(conv(torch.flip(x, a)), a) if a else conv(x) for a in flip_combinations(dims)]
        torch.testing.assert_close(mirrored(x), sum(flips) / 2**dims)


def test_guidance_maps_are_flipped_with_their_image() -> None:
    torch.manual_seed(1)
    network, x, maps = Guided(), torch.rand(1, 1, 10, 10), torch.rand(1, 2, 10, 10)
    mirrored = Mirrored(network, 2)
    with torch.inference_mode():
        flipped = mirrored(torch.flip(x, (3,)), torch.flip(maps, (3,)))
        torch.testing.assert_close(flipped, torch.flip(mirrored(x, maps), (3,)))


def test_a_unet_keeps_its_shape_and_mirroring_is_off_unless_asked() -> None:
    network = build_network(network_spec("unet", in_channels=1, out_channels=2, depth=2, base_channels=4))
    network.eval()
    assert mirrored_if(network, 2, False) is network
    wrapped = mirrored_if(network, 2, True)
    assert isinstance(wrapped, Mirrored) and not wrapped.training
    with torch.inference_mode():
        assert wrapped(torch.rand(1, 1, 32, 32)).shape == (1, 2, 32, 32)
    with pytest.raises(ValueError, match="spatial_dims"):
        Mirrored(network, 1)


def test_wrappers_of_one_network_are_one_batcher_queue() -> None:
    a, b = nn.Conv2d(1, 1, 1), nn.Conv2d(1, 1, 1)
    assert Mirrored(a, 2) == Mirrored(a, 2) and hash(Mirrored(a, 2)) == hash(Mirrored(a, 2))
    assert Mirrored(a, 2) != Mirrored(b, 2) and Mirrored(a, 2) != a
    batcher = SegmentBatcher(None, torch.device("cpu"), 0.0, 8)  # type: ignore[arg-type]
    with batcher.arriving(Mirrored(a, 2)), batcher.arriving(Mirrored(a, 2)), batcher.arriving(a):
        assert len(batcher._queues) == 2
        assert batcher._queues[Mirrored(a, 2)].decoding == 2
    assert not batcher._queues
