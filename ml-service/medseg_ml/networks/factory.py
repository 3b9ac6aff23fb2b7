"""The segmentation networks we train, built from MONAI, and the constructor arguments that rebuild them.

A model card stores `NetworkSpec.to_dict()`; `build_network(NetworkSpec.from_dict(card["network"]))`
gives back the same module, so saved weights load into it with `load_state_dict`.

A U-Net with more classes than base channels ends in a 1x1 head: MONAI's UNet runs its top up-block at
out_channels, so with 117 classes (the AAL atlas) a 117->117 3x3 convolution at full resolution cost
most of a training step. The body then ends at base_channels and the head maps them to the classes, as
nnU-Net's segmentation output does; AttentionUnet already ends in such a 1x1 convolution and
FlexibleUNet in a 3x3 one from its last decoder channels, so neither gets one.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Literal

from torch import nn

from medseg_ml.guidance.encode import ENCODING, guidance_channels
from medseg_ml.networks.guided import GuidedNetwork

Architecture = Literal["unet", "attention_unet", "resunet", "unet_3d"]

ARCHITECTURES: tuple[Architecture, ...] = ("unet", "attention_unet", "resunet", "unet_3d")
ENCODER_DEPTHS: tuple[int, ...] = (18, 34)

# Class names in monai.networks.nets, imported when a network is first built: importing MONAI takes
# seconds, and a service that has built none yet (start-up, health) should not wait for it.
_CLASSES: dict[Architecture, str] = {
    "unet": "UNet",
    "attention_unet": "AttentionUnet",
    "resunet": "FlexibleUNet",
    # MONAI's UNet with spatial_dims=3 rather than DynUNet: the same class and card kwargs as the 2D
    # unet, no deep-supervision heads to strip at inference, and fewer operations per voxel on a CPU.
    # Anisotropy is handled by resampling to the target spacing, which DynUNet's per-axis kernels
    # would otherwise be for.
    "unet_3d": "UNet",
}


def _network_class(architecture: Architecture) -> type[nn.Module]:
    return getattr(import_module("monai.networks.nets"), _CLASSES[architecture])


def size_multiple(architecture: Architecture, depth: int) -> int:
    """What input height and width (and each side of a 3D patch) must be multiples of: each of the
    depth - 1 levels halves them; a ResNet encoder always downsamples five times, whatever `depth` says."""
    if architecture == "resunet":
        return 32
    return 2 ** (depth - 1)


# A guided 2D network's Gaussian width at input size 256, scaled with the input size; a 3D one's in
# voxels at the target spacing.
GUIDANCE_SIGMA_2D_AT_256 = 3.0
GUIDANCE_SIGMA_3D = 2.0


@dataclass(frozen=True)
class NetworkSpec:
    """Which MONAI class to build and its keyword arguments (JSON values only).

    Attributes:
        guidance: for a guided network, {"encoding", "image_channels", "channels", "sigma"}: kwargs'
            in_channels are image_channels + channels guidance maps (guidance/encode.py) of Gaussian
            width sigma at the network's input size; None for an automatic network.
        head: {"in_channels", "out_channels"} of a 1x1 convolution after the MONAI network, whose
            kwargs' out_channels are then the head's in_channels; None (cards written before heads
            too) when the MONAI network itself gives the classes.
    """

    architecture: Architecture
    kwargs: Mapping[str, Any]
    guidance: Mapping[str, Any] | None = None
    head: Mapping[str, Any] | None = None

    @property
    def class_name(self) -> str:
        cls = _network_class(self.architecture)
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

    @property
    def guided(self) -> bool:
        return self.guidance is not None

    @property
    def class_count(self) -> int:
        """Output channels of the whole network (classes, background included); kwargs' out_channels
        are only the MONAI network's, which a head maps on."""
        return int((self.head or self.kwargs)["out_channels"])

    @property
    def head_class_name(self) -> str:
        """The torch class of the head (a 1x1 convolution of the network's spatial dims)."""
        cls = _head_class(self.spatial_dims)
        return f"{cls.__module__}.{cls.__qualname__}"

    def to_dict(self) -> dict[str, Any]:
        data = {"architecture": self.architecture, "class": self.class_name, "kwargs": dict(self.kwargs)}
        if self.guidance is not None:
            data["guidance"] = dict(self.guidance)
        if self.head is not None:
            data["head"] = dict(self.head)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NetworkSpec:
        architecture = data["architecture"]
        if architecture not in ARCHITECTURES:
            raise ValueError(
                f"Unknown architecture {architecture!r}; expected one of {', '.join(ARCHITECTURES)}"
            )
        guidance = data.get("guidance")
        if guidance is not None and guidance.get("encoding") != ENCODING:
            raise ValueError(f"Unknown guidance encoding {guidance.get('encoding')!r}; expected {ENCODING}")
        head = data.get("head")
        return cls(
            architecture,
            dict(data["kwargs"]),
            dict(guidance) if guidance is not None else None,
            dict(head) if head is not None else None,
        )


def network_spec(
    architecture: Architecture,
    in_channels: int,
    out_channels: int,
    *,
    depth: int = 4,
    base_channels: int = 16,
    encoder_depth: int = 18,
    dropout: float = 0.0,
    guided: bool = False,
    input_size: int = 256,
    output_head: bool = True,
) -> NetworkSpec:
    """Describe a network: 2D, or 3D for unet_3d.

    Args:
        in_channels: image channels (1 or 3 for images; a volume's channel count).
        out_channels: classes, background included; a unet or unet_3d with more classes than
            base_channels gets a 1x1 head (see the module docstring).
        depth: levels of unet and attention_unet; channels are base_channels * 2**level.
        base_channels: channels of the first level (unet, attention_unet).
        encoder_depth: 18 or 34, the ResNet encoder of resunet.
        dropout: share of activations dropped in training (in the decoder only for resunet, whose
            ResNet encoder has no dropout); recorded in kwargs only when above 0, so the networks
            and cards of models trained without it stay as they were.
        guided: also take guidance maps (two per class) beside the image (GuidedNetwork).
        input_size: a guided 2D network's input side, which its Gaussian width scales with.
        output_head: False builds the network as before heads existed, whatever the class count (a
            fine-tune of a model trained then).
    """
    extra: dict[str, Any] = {"dropout": dropout} if dropout > 0 else {}
    guidance: dict[str, Any] | None = None
    if guided:
        sigma = GUIDANCE_SIGMA_2D_AT_256 * input_size / 256
        if architecture == "unet_3d":
            sigma = GUIDANCE_SIGMA_3D
        guidance = {
            "encoding": ENCODING,
            "image_channels": in_channels,
            "channels": guidance_channels(out_channels),
            "sigma": max(sigma, 1.0),
        }
        in_channels += guidance["channels"]
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
        return NetworkSpec(architecture, kwargs, guidance)
    if architecture not in ("unet", "unet_3d", "attention_unet"):
        raise ValueError(f"Unknown architecture {architecture!r}; expected one of {', '.join(ARCHITECTURES)}")
    head: dict[str, Any] | None = None
    if output_head and architecture != "attention_unet" and out_channels > base_channels:
        head = {"in_channels": base_channels, "out_channels": out_channels}
    kwargs = {
        "spatial_dims": 3 if architecture == "unet_3d" else 2,
        "in_channels": in_channels,
        "out_channels": base_channels if head is not None else out_channels,
        "channels": [base_channels * 2**level for level in range(depth)],
        "strides": [2] * (depth - 1),
        **extra,
    }
    if architecture != "attention_unet":
        kwargs["num_res_units"] = 2
    return NetworkSpec(architecture, kwargs, guidance, head)


def build_network(spec: NetworkSpec) -> nn.Module:
    """A freshly initialised module: input (B, in_channels, H, W), output logits (B, class_count, H, W);
    (B, C, Z, H, W) for unet_3d. A guided network's forward also takes the guidance maps.

    With a head it is nn.Sequential(body=the MONAI network, head=the 1x1 convolution), state_dict keys
    "body.*" and "head.*", which the MONAI bundle's config rebuilds (evaluation/monai_bundle.py);
    without one, the MONAI network itself, as before heads.
    """
    network = _network_class(spec.architecture)(**spec.kwargs)
    if spec.head is not None:
        head = _head_class(spec.spatial_dims)(
            int(spec.head["in_channels"]), int(spec.head["out_channels"]), kernel_size=1
        )
        network = nn.Sequential(OrderedDict(body=network, head=head))
    if spec.guidance is None:
        return network
    return GuidedNetwork(network, int(spec.guidance["image_channels"]), int(spec.guidance["channels"]))


def _head_class(spatial_dims: int) -> type[nn.Module]:
    return nn.Conv3d if spatial_dims == 3 else nn.Conv2d
