"""Networks loaded on demand into the model cache: weights fetched by sha256, each model loaded once."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.inference.card import CardError, ModelCard
from medseg_ml.inference.weights import WeightsStore
from medseg_ml.inference.weights_load import WeightsLoadError, load_weights_into
from medseg_ml.model_cache import ModelCache, module_memory_bytes
from medseg_ml.networks.factory import build_network
from medseg_ml.torch_executor import TorchExecutor

logger = logging.getLogger(__name__)


class ModelLoadError(Exception):
    """The weights do not fit the network the card describes."""


@dataclass(frozen=True)
class ModelRef:
    """Which model to use: a ModelSource with its card parsed."""

    model_id: str
    card: ModelCard
    weights_url: str
    weights_sha256: str


def model_ref(source: sources_pb2.ModelSource) -> ModelRef:
    """The model a request names, its card parsed.

    Raises:
        CardError: a field is missing (the message names it) or the card cannot be used.
    """
    missing = [
        name
        for name in ("model_id", "card_json", "weights_url", "weights_sha256")
        if not getattr(source, name)
    ]
    if missing:
        raise CardError(f"model.{', model.'.join(missing)} must be set")
    card = ModelCard.from_json(source.card_json)
    return ModelRef(source.model_id, card, source.weights_url, source.weights_sha256)


@dataclass(frozen=True)
class LoadedModel:
    """A network ready for `segment`.

    Attributes:
        network: in eval mode on the service's device.
        was_loaded: it was in the cache already (nothing was loaded for this request).
        load_ms: time spent getting it, download and load included.
    """

    network: nn.Module
    was_loaded: bool
    load_ms: float
    memory_bytes: int


class InferenceModels:
    """Gets models from the cache, loading a missing one once however many requests ask for it.

    Args:
        cache: the server's model cache.
        weights: the on-disk weights store.
        device: where networks run.
    """

    def __init__(
        self, cache: ModelCache, weights: WeightsStore, device: torch.device, torch_executor: TorchExecutor
    ) -> None:
        self._cache = cache
        self._weights = weights
        self._device = device
        self._torch = torch_executor
        # One lock per model id ever asked for; a few bytes each, and model ids are few.
        self._locks: dict[str, asyncio.Lock] = {}

    async def get(self, ref: ModelRef) -> LoadedModel:
        """The network of `ref`, loaded into the cache unless it is there.

        Raises:
            ValueError: the sha256 is malformed.
            WeightsMismatchError, StorageError: the weights could not be fetched as recorded.
            ModelLoadError: the weights do not fit the card's network.
            ModelTooLargeError: the model alone exceeds the cache budget.
        """
        started = time.perf_counter()
        entry = self._cache.lookup(ref.model_id)
        if entry is None:
            lock = self._locks.setdefault(ref.model_id, asyncio.Lock())
            async with lock:
                # Another request may have loaded it while this one waited.
                entry = self._cache.lookup(ref.model_id)
                if entry is None:
                    network = await self._torch.run(self._load, ref)
                    memory = module_memory_bytes(network)
                    await self._torch.run(
                        self._cache.put, ref.model_id, ref.card.network.architecture, network, memory
                    )
                    load_ms = (time.perf_counter() - started) * 1000
                    logger.info(
                        "model loaded",
                        extra={
                            "model_id": ref.model_id,
                            "load_ms": round(load_ms, 1),
                            "memory_bytes": memory,
                        },
                    )
                    return LoadedModel(network, False, load_ms, memory)
        return LoadedModel(entry.module, True, (time.perf_counter() - started) * 1000, entry.memory_bytes)

    def _load(self, ref: ModelRef) -> nn.Module:
        path = self._weights.fetch(ref.weights_url, ref.weights_sha256)
        try:
            return load_network(ref.card, path, self._device)
        except ModelLoadError:
            # An unreadable file would fail every later load too; fetch it again next time.
            self._weights.discard(ref.weights_sha256)
            raise


def load_network(card: ModelCard, weights: Path, device: torch.device) -> nn.Module:
    """Rebuild the card's network, load its weights strictly, and put it in eval mode on `device`.

    Raises:
        ModelLoadError: the file is not safetensors, or its tensors do not match the network.
    """
    network = build_network(card.network)
    try:
        load_weights_into(network, weights)
    except WeightsLoadError as e:
        problem = (
            "are not a readable safetensors file" if e.unreadable else "do not fit the network in its card"
        )
        raise ModelLoadError(f"The model weights {problem}: {e.detail}") from None
    return network.eval().to(device)
