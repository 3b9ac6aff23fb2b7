"""The segmentation networks we train, built from MONAI, and the constructor arguments that rebuild them.

A model card stores `NetworkSpec.to_dict()`; `build_network(NetworkSpec.from_dict(card["network"]))`
gives back the same module, so saved weights load into it with `load_state_dict`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from monai.networks.nets import AttentionUnet, FlexibleUNet, UNet
from torch import nn

Architecture = Literal["unet", "attention_unet", "resunet", "unet_3d"]

ARCHITECTURES: tuple[Architecture, ...] = ("unet", "attention_unet", "resunet", "unet_3d")
ENCODER_DEPTHS: tuple[int, ...] = (18, 34)

_CLASSES: dict[Architecture, type[nn.Module]] = {
    "unet": UNet,
    "attention_unet": AttentionUnet,
    "resunet": FlexibleUNet,
    # MONAI's UNet with spatial_dims=3 rather than DynUNet: the same class and card kwargs as the 2D
    # unet, no deep-supervision heads to strip at inference, and fewer operations per voxel on a CPU.
    # Anisotropy is handled by resampling to the target spacing, which DynUNet's per-axis kernels
    # would otherwise be for.
    "unet_3d": UNet,
}


def size_multiple(architecture: Architecture, depth: int) -> int:
    """What input height and width (and each side of a 3D patch) must be multiples of: each of the
    depth - 1 levels halves them; a ResNet encoder always downsamples five times, whatever `depth` says."""
    if architecture == "resunet":
        return 32
    return 2 ** (depth - 1)


@dataclass(frozen=True)
class NetworkSpec:
    """Which MONAI class to build and its keyword arguments (JSON values only)."""

    architecture: Architecture
    kwargs: Mapping[str, Any]

    @property
    def class_name(self) -> str:
        cls = _CLASSES[self.architecture]
        return f"{cls.__module__}.{cls.__qualname__}"

    @property
    def size_multiple(self) -> int:
        """Input height and width must be multiples of this (see `size_multiple`)."""
        # U-Nets have a channel count per level; a ResNet encoder's multiple needs no depth.
        return size_multiple(self.architecture, len(self.kwargs.get("channels", ())))

    @property
    def spatial_dims(self) -> int:
        """2 for the slice networks, 3 for unet_3d (input (B, C, Z, H, W))."""
        return int(self.kwargs.get("spatial_dims", 2))

    def to_dict(self) -> dict[str, Any]:
        return {"architecture": self.architecture, "class": self.class_name, "kwargs": dict(self.kwargs)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NetworkSpec:
        architecture = data["architecture"]
        if architecture not in ARCHITECTURES:
            raise ValueError(
                f"Unknown architecture {architecture!r}; expected one of {', '.join(ARCHITECTURES)}"
            )
        return cls(architecture, dict(data["kwargs"]))


def network_spec(
    architecture: Architecture,
    in_channels: int,
    out_channels: int,
    *,
    depth: int = 4,
    base_channels: int = 16,
    encoder_depth: int = 18,
    dropout: float = 0.0,
) -> NetworkSpec:
    """Describe a network: 2D, or 3D for unet_3d.

    Args:
        in_channels: image channels (1 or 3 for images; a volume's channel count).
        out_channels: classes, background included.
        depth: levels of unet and attention_unet; channels are base_channels * 2**level.
        base_channels: channels of the first level (unet, attention_unet).
        encoder_depth: 18 or 34, the ResNet encoder of resunet.
        dropout: share of activations dropped in training (in the decoder only for resunet, whose
            ResNet encoder has no dropout); recorded in kwargs only when above 0, so the networks
            and cards of models trained without it stay as they were.
    """
    extra: dict[str, Any] = {"dropout": dropout} if dropout > 0 else {}
    if architecture == "resunet":
        if encoder_depth not in ENCODER_DEPTHS:
            raise ValueError(f"encoder_depth must be 18 or 34, got {encoder_depth}")
        # pretrained=False: the service never downloads weights.
        kwargs: dict[str, Any] = {
            "in_channels": in_channels,
            "out_channels": out_channels,
            "backbone": f"resnet{encoder_depth}",
            "pretrained": False,
            "spatial_dims": 2,
            **extra,
        }
        return NetworkSpec(architecture, kwargs)
    channels = [base_channels * 2**level for level in range(depth)]
    kwargs = {
        "spatial_dims": 3 if architecture == "unet_3d" else 2,
        "in_channels": in_channels,
        "out_channels": out_channels,
        "channels": channels,
        "strides": [2] * (depth - 1),
        **extra,
    }
    if architecture in ("unet", "unet_3d"):
        kwargs["num_res_units"] = 2
    elif architecture != "attention_unet":
        raise ValueError(f"Unknown architecture {architecture!r}; expected one of {', '.join(ARCHITECTURES)}")
    return NetworkSpec(architecture, kwargs)


def build_network(spec: NetworkSpec) -> nn.Module:
    """A freshly initialised module: input (B, in_channels, H, W), output logits (B, out_channels, H, W);
    (B, C, Z, H, W) for unet_3d."""
    return _CLASSES[spec.architecture](**spec.kwargs)
