"""Fine-tuning: a new model that starts from a completed model's weights (StartTrainingJobRequest.init_from).

The parent must build the very network this job trains (architecture, every constructor argument:
depth, base channels, input channels, classes, spatial dims, dropout; and the 1x1 head a network with
more classes than base channels ends in) and take the same guidance (a guided parent for a guided job,
and only then), on the same label values and input size (2D) or patch (3D); otherwise its weights
mean something else and the request is refused (FAILED_PRECONDITION) naming each difference, before
the job is queued. The weights are downloaded through inference's WeightsStore (sha256 checked) and
loaded strictly before epoch 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from torch import nn

from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.inference.card import CardError, ModelCard
from medseg_ml.inference.weights import WeightsStore
from medseg_ml.inference.weights_load import WeightsLoadError, load_weights_into
from medseg_ml.job import PreconditionError
from medseg_ml.networks.factory import NetworkSpec


@dataclass(frozen=True)
class ParentModel:
    model_id: str
    weights_url: str
    weights_sha256: str


def parent_has_head(source: sources_pb2.ModelSource) -> bool:
    """Whether the parent's network ends in a 1x1 head; True for an unreadable card, which
    check_parent then refuses with its reason."""
    try:
        return ModelCard.from_json(source.card_json).network.head is not None
    except CardError:
        return True


def check_parent(
    source: sources_pb2.ModelSource,
    network: NetworkSpec,
    label_values: tuple[int, ...],
    input_size: int,
    patch_size: tuple[int, ...],
) -> ParentModel:
    """The parent of a fine-tuning job, checked against the network the job builds.

    Raises:
        PreconditionError: the parent's card is unreadable, or its network or classes differ.
    """
    name = source.model_id or "init_from"
    try:
        card = ModelCard.from_json(source.card_json)
    except CardError as e:
        raise PreconditionError(f"init_from model {name}: {e}") from None
    if len(source.weights_sha256) != 64:
        raise PreconditionError(f"init_from model {name} needs weights_sha256 (64 hex digits)")
    differences = []
    if card.network.architecture != network.architecture:
        differences.append(f"architecture {card.network.architecture} vs {network.architecture}")
    if card.network.guided != network.guided:
        differences.append(f"{_guidance_word(card.network)} vs {_guidance_word(network)}")
    elif card.network.guided and _json(dict(card.network.guidance or {})) != _json(
        dict(network.guidance or {})
    ):
        differences.append(f"guidance {dict(card.network.guidance or {})} vs {dict(network.guidance or {})}")
    if _json(dict(card.network.head or {})) != _json(dict(network.head or {})):
        differences.append(f"{_head_words(card.network)} vs {_head_words(network)}")
    for key in sorted(set(card.network.kwargs) | set(network.kwargs)):
        default = _UNRECORDED_DEFAULTS.get(key)
        theirs, ours = card.network.kwargs.get(key, default), network.kwargs.get(key, default)
        if _json(theirs) != _json(ours):
            differences.append(f"{key} {theirs} vs {ours}")
    if card.label_values != label_values:
        differences.append(f"label values {list(card.label_values)} vs {list(label_values)}")
    if card.spatial_dims == 2 and card.input_size != input_size:
        differences.append(f"input_size {card.input_size} vs {input_size}")
    if card.spatial_dims == 3 and patch_size and tuple(card.patch_size) != tuple(patch_size):
        differences.append(f"patch_size {list(card.patch_size)} vs {list(patch_size)}")
    if differences:
        raise PreconditionError(
            f"init_from model {name} cannot start this training (parent vs this job): "
            f"{'; '.join(differences)}; fine-tune with the parent's architecture and hyper-parameters"
        )
    return ParentModel(source.model_id, source.weights_url, source.weights_sha256.lower())


def load_parent(network: nn.Module, parent: ParentModel, weights_dir: Path) -> None:
    """Download the parent's weights (sha256 checked) and load them into `network`, strictly.

    Raises:
        StorageError: the weights could not be fetched.
        WeightsMismatchError: their sha256 differs.
        ParentWeightsError: they are not safetensors or do not fit the network.
    """
    path = WeightsStore(weights_dir).fetch(parent.weights_url, parent.weights_sha256)
    try:
        load_weights_into(network, path)
    except WeightsLoadError as e:
        problem = "are not readable" if e.unreadable else "do not fit this network"
        raise ParentWeightsError(f"The weights of model {parent.model_id} {problem}: {e.detail}") from None


# Constructor arguments a card leaves out at their MONAI default (networks.factory.network_spec).
_UNRECORDED_DEFAULTS = {"dropout": 0}


class ParentWeightsError(Exception):
    """The parent's weights cannot be loaded into the job's network; the message says why."""


def _guidance_word(network: NetworkSpec) -> str:
    return "guided" if network.guided else "automatic (not guided)"


def _head_words(network: NetworkSpec) -> str:
    if network.head is None:
        return "no 1x1 head"
    return f"a 1x1 head {network.head['in_channels']}->{network.head['out_channels']} channels"


def _json(value: object) -> object:
    """Tuples and lists compare equal (a card read back from JSON has lists)."""
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value
