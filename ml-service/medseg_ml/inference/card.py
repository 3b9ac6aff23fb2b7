"""What inference reads from a model card (model.json, written by training/card.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from medseg_ml.generated.medseg.v1 import volume_pb2
from medseg_ml.networks.factory import NetworkSpec
from medseg_ml.postprocessing import PostProcessing
from medseg_ml.preprocessing import PERCENTILE_NORMALIZATION, SLICE_NORMALIZATIONS, VOLUME_INPUT_NORMALIZATION


class CardError(ValueError):
    """The card cannot be used for inference; the message names the field."""


@dataclass(frozen=True)
class CardLabel:
    """A label value's name and colour ("" when the dataset gave none)."""

    value: int
    name: str = ""
    color: str = ""


@dataclass(frozen=True)
class ModelCard:
    """The parts of model.json that rebuild the network and prepare its input.

    Attributes:
        network: class and constructor arguments of the network.
        label_values: class i stands for label_values[i]; class 0 is background.
        channels: input channels (1, 3, or a volume's channel count).
        input_size: a 2D network sees (channels, input_size, input_size).
        spatial_dims: 2 (slices) or 3 (unet_3d); 2 for cards written before 3D models.
        patch_size: unet_3d's (slice, row, column) window in voxels at target_spacing.
        target_spacing: mm the volume is resampled to first; all zeros = its own spacing.
        intensity: unet_3d's per-channel normalization (preprocessing.intensity_plan).
        labels: names of the label values, as the dataset gave them.
        postprocessing: what training chose on validation (model.json "postprocessing"), applied to
            every automatic mask but not to an interactive session's; none for cards written before.
        normalization: a 2D card's input_normalization method (preprocessing.SLICE_NORMALIZATIONS);
            "percentile" for cards written before 8-bit images kept their scale.
    """

    network: NetworkSpec
    label_values: tuple[int, ...]
    channels: int
    input_size: int
    spatial_dims: int = 2
    patch_size: tuple[int, ...] = ()
    target_spacing: tuple[float, ...] = ()
    intensity: tuple[Mapping[str, Any], ...] = ()
    labels: tuple[CardLabel, ...] = field(default=())
    postprocessing: PostProcessing = field(default_factory=PostProcessing.none)
    normalization: str = PERCENTILE_NORMALIZATION["method"]

    @property
    def class_count(self) -> int:
        return len(self.label_values)

    @property
    def spatial_shape(self) -> tuple[int, ...]:
        """What the network sees per input: a 3D card's patch, else input_size squared."""
        if self.spatial_dims == 3:
            return tuple(int(n) for n in self.patch_size)
        return (self.input_size, self.input_size)

    def label_names(self) -> list[volume_pb2.LabelName]:
        """The model's label names (model.json "labels"), one per foreground value; empty names where the
        card has none, so the UI says "label <value>"."""
        named = {label.value: label for label in self.labels}
        out = []
        for value in self.label_values[1:]:
            label = named.get(int(value))
            name, color = (label.name, label.color) if label is not None else ("", "")
            out.append(volume_pb2.LabelName(value=int(value), name=name, color=color))
        return out

    @classmethod
    def from_json(cls, text: str) -> ModelCard:
        """Parse model.json.

        Raises:
            CardError: not JSON, a field is missing or malformed, or the card asks for an input
                normalization this service does not apply.
        """
        try:
            card = json.loads(text)
        except ValueError as e:
            raise CardError(f"card_json is not JSON: {e}") from None
        if not isinstance(card, dict):
            raise CardError("card_json must be a JSON object (model.json)")
        try:
            network = NetworkSpec.from_dict(card["network"])
            classes: dict[str, Any] = card["classes"]
            labels = tuple(int(v) for v in classes["label_values"])
            channels = int(card["channels"])
            size = int(card["input_size"])
            count = int(classes.get("class_count", len(labels)))
            spatial_dims = int(card.get("spatial_dims", 2))
            patch = tuple(int(v) for v in card.get("patch_size") or ())
            spacing = tuple(float(v) for v in card.get("target_spacing") or ())
            intensity = tuple(dict(rule) for rule in card.get("intensity") or ())
            names = tuple(
                CardLabel(int(n["value"]), str(n.get("name", "")), str(n.get("color", "")))
                for n in card.get("labels") or ()
            )
            postprocessing = PostProcessing.from_dict(card.get("postprocessing"))
        except KeyError as e:
            raise CardError(
                f"card_json has no {e.args[0]!r}; pass the model.json of a completed job"
            ) from None
        except (TypeError, ValueError) as e:
            raise CardError(f"card_json is malformed: {e}") from None
        if len(labels) < 2 or count != len(labels):
            raise CardError(f"card_json classes: expected class_count == len(label_values) >= 2, got {count}")
        if channels < 1:
            raise CardError(f"card_json channels must be at least 1, got {channels}")
        if size < 1:
            raise CardError(f"card_json input_size must be positive, got {size}")
        if spatial_dims not in (2, 3) or spatial_dims != network.spatial_dims:
            raise CardError(
                f"card_json spatial_dims {spatial_dims} does not fit its network ({network.spatial_dims}D)"
            )
        normalization = card.get("input_normalization") or {}
        method = normalization.get("method")
        supported = (
            SLICE_NORMALIZATIONS if spatial_dims == 2 else {VOLUME_INPUT_NORMALIZATION["method"]: None}
        )
        if method is not None and method not in supported:
            # A card from a future trainer that prepares images differently must not be run the old way.
            raise CardError(
                f"card_json input_normalization method {method!r} is not supported; "
                f"this ml-service applies {' or '.join(repr(m) for m in supported)}"
            )
        if spatial_dims == 3 or method is None:
            method = PERCENTILE_NORMALIZATION["method"]
        if spatial_dims == 3:
            _check_volume_fields(patch, spacing, intensity, channels)
        chosen = {*postprocessing.largest_component_classes, *postprocessing.min_component_size}
        if chosen and max(chosen) >= count:
            raise CardError(f"card_json postprocessing names class {max(chosen)} of a {count}-class model")
        return cls(
            network,
            labels,
            channels,
            size,
            spatial_dims,
            patch,
            spacing,
            intensity,
            names,
            postprocessing,
            method,
        )


def _check_volume_fields(
    patch: tuple[int, ...],
    spacing: tuple[float, ...],
    intensity: tuple[Mapping[str, Any], ...],
    channels: int,
) -> None:
    if len(patch) != 3 or min(patch) < 1:
        raise CardError(f"card_json patch_size must be 3 positive sides, got {list(patch)}")
    if len(spacing) != 3 or min(spacing) < 0:
        raise CardError(f"card_json target_spacing must be 3 values >= 0 (mm), got {list(spacing)}")
    if len(intensity) != channels or any(r.get("scheme") not in ("ct", "zscore") for r in intensity):
        raise CardError(
            f"card_json intensity must give one rule (scheme 'ct' or 'zscore') per channel ({channels})"
        )
