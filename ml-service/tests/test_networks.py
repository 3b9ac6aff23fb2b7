"""The three architectures: shapes, gradients, and rebuilding from the card's description."""

from __future__ import annotations

import json

import pytest
import torch

from medseg_ml.inference.uncertainty import dropout_copy, has_dropout
from medseg_ml.networks.factory import ARCHITECTURES, NetworkSpec, build_network, network_spec


def small_spec(architecture: str, in_channels: int, classes: int) -> NetworkSpec:
    return network_spec(architecture, in_channels, classes, depth=3, base_channels=4)  # type: ignore[arg-type]


@pytest.mark.parametrize("architecture", ARCHITECTURES)
@pytest.mark.parametrize("in_channels", [1, 3])
@pytest.mark.parametrize("classes", [2, 4])
def test_forward_and_backward_give_logits_per_class(
    architecture: str, in_channels: int, classes: int
) -> None:
    spec = small_spec(architecture, in_channels, classes)
    network = build_network(spec)
    size = spec.size_multiple * 2
    # unet_3d sees (B, C, Z, H, W) patches whose sides need not be equal.
    shape = (size, size) if spec.spatial_dims == 2 else (size, size * 2, size)
    images = torch.randn(2, in_channels, *shape)
    logits = network(images)
    assert logits.shape == (2, classes, *shape)
    logits.mean().backward()
    assert all(p.grad is not None for p in network.parameters() if p.requires_grad)


@pytest.mark.parametrize(("depth", "multiple"), [(2, 2), (4, 8), (6, 32)])
def test_unet_depth_sets_levels_and_size_multiple(depth: int, multiple: int) -> None:
    spec = network_spec("unet", 1, 2, depth=depth, base_channels=4)
    assert spec.kwargs["channels"] == [4 * 2**i for i in range(depth)]
    assert spec.size_multiple == multiple
    assert build_network(spec)(torch.zeros(1, 1, multiple * 3, multiple * 3)).shape == (
        1,
        2,
        multiple * 3,
        multiple * 3,
    )


@pytest.mark.parametrize("encoder_depth", [18, 34])
def test_resunet_builds_an_untrained_resnet_encoder(encoder_depth: int) -> None:
    spec = network_spec("resunet", 3, 2, encoder_depth=encoder_depth)
    assert spec.kwargs["backbone"] == f"resnet{encoder_depth}" and spec.kwargs["pretrained"] is False
    assert spec.size_multiple == 32
    assert build_network(spec)(torch.zeros(1, 3, 64, 96)).shape == (1, 2, 64, 96)


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_card_description_rebuilds_a_network_the_weights_fit(architecture: str) -> None:
    spec = small_spec(architecture, 1, 3)
    trained = build_network(spec)
    described = json.loads(json.dumps(spec.to_dict()))
    assert described["class"].startswith("monai.networks.nets.")
    rebuilt = build_network(NetworkSpec.from_dict(described))
    rebuilt.load_state_dict(trained.state_dict(), strict=True)


def test_unknown_architecture_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown architecture 'vnet'"):
        NetworkSpec.from_dict({"architecture": "vnet", "kwargs": {}})


def test_unet_3d_is_a_3d_monai_unet_and_2d_networks_stay_2d() -> None:
    spec = network_spec("unet_3d", 4, 3, depth=2, base_channels=4)
    assert spec.spatial_dims == 3 and spec.kwargs["in_channels"] == 4
    assert spec.class_name == "monai.networks.nets.unet.UNet"
    assert network_spec("unet", 1, 2).spatial_dims == 2
    assert build_network(spec)(torch.zeros(1, 4, 6, 10, 8)).shape == (1, 3, 6, 10, 8)


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_dropout_samples_in_the_sampling_copy_and_is_off_in_eval(architecture: str) -> None:
    spec = network_spec(architecture, 1, 2, depth=3, base_channels=4, dropout=0.3)  # type: ignore[arg-type]
    rebuilt = build_network(NetworkSpec.from_dict(json.loads(json.dumps(spec.to_dict()))))
    assert spec.kwargs["dropout"] == 0.3 and has_dropout(rebuilt), "the card rebuilds it with dropout"
    network = rebuilt.eval()
    size = spec.size_multiple * 2
    x = torch.randn(1, 1, *((size, size) if spec.spatial_dims == 2 else (size, size, size)))
    with torch.no_grad():
        assert torch.equal(network(x), network(x)), "inference (eval) is deterministic"
        sampler = dropout_copy(network)
        assert not torch.equal(sampler(x), sampler(x)), "Monte-Carlo dropout samples"


def test_no_dropout_leaves_the_card_kwargs_as_before() -> None:
    # Cards written before dropout have no such key; an undropped network must match them (fine-tune).
    assert "dropout" not in network_spec("unet", 1, 2).kwargs
    assert not has_dropout(build_network(network_spec("resunet", 1, 2)))
