"""What inference reads from a model card (model.json, written by training/card.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from medseg_ml.networks.factory import NetworkSpec
from medseg_ml.preprocessing import INPUT_NORMALIZATION


class CardError(ValueError):
    """The card cannot be used for inference; the message names the field."""


@dataclass(frozen=True)
class ModelCard:
    """The parts of model.json that rebuild the network and prepare its input.

    Attributes:
        network: class and constructor arguments of the network.
        label_values: class i stands for label_values[i]; class 0 is background.
        channels: input channels, 1 or 3.
        input_size: the network sees (channels, input_size, input_size).
    """

    network: NetworkSpec
    label_values: tuple[int, ...]
    channels: int
    input_size: int

    @property
    def class_count(self) -> int:
        return len(self.label_values)

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
        except KeyError as e:
            raise CardError(
                f"card_json has no {e.args[0]!r}; pass the model.json of a completed job"
            ) from None
        except (TypeError, ValueError) as e:
            raise CardError(f"card_json is malformed: {e}") from None
        if len(labels) < 2 or count != len(labels):
            raise CardError(f"card_json classes: expected class_count == len(label_values) >= 2, got {count}")
        if channels not in (1, 3):
            raise CardError(f"card_json channels must be 1 or 3, got {channels}")
        if size < 1:
            raise CardError(f"card_json input_size must be positive, got {size}")
        normalization = card.get("input_normalization")
        if normalization is not None and normalization.get("method") != INPUT_NORMALIZATION["method"]:
            # A card from a future trainer that prepares images differently must not be run the old way.
            raise CardError(
                f"card_json input_normalization method {normalization.get('method')!r} is not supported; "
                f"this ml-service applies {INPUT_NORMALIZATION['method']!r}"
            )
        return cls(network, labels, channels, size)
