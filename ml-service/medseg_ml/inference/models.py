"""Networks loaded on demand into the model cache: weights fetched by sha256, each model loaded once."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.inference.card import CardError, ModelCard
from medseg_ml.inference.recent_models import RecentModel, RecentModels
from medseg_ml.inference.segment import segment
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
    # As sent, so a restart can load the model again from the local weights (recent_models.py).
    card_json: str = ""


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
    return ModelRef(source.model_id, card, source.weights_url, source.weights_sha256, source.card_json)


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

    Each network is warmed with one forward of a blank image right after loading (see `warm_up`),
    so the request that asked for it pays the load and a warm forward, not the first-forward setup.

    Args:
        cache: the server's model cache.
        weights: the on-disk weights store.
        device: where networks run.
        recent: where loaded models are remembered for `preload`; None remembers nothing.
    """

    def __init__(
        self,
        cache: ModelCache,
        weights: WeightsStore,
        device: torch.device,
        torch_executor: TorchExecutor,
        recent: RecentModels | None = None,
    ) -> None:
        self._cache = cache
        self._weights = weights
        self._device = device
        self._torch = torch_executor
        self._recent = recent
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
                    if self._recent is not None and ref.card_json:
                        entry = RecentModel(ref.model_id, ref.card_json, ref.weights_sha256.lower())
                        await asyncio.to_thread(self._recent.remember, entry)
                    return LoadedModel(network, False, load_ms, memory)
        return LoadedModel(entry.module, True, (time.perf_counter() - started) * 1000, entry.memory_bytes)

    async def preload(self) -> list[str]:
        """Load the remembered models whose weights are on local disk, most recent first, while they
        fit in the cache beside what it holds (a preload never evicts); return their ids.

        Runs at start, beside requests: a request for a model being preloaded waits for that one load.
        Entries that no longer parse or load are skipped with a log line.
        """
        if self._recent is None:
            return []
        loaded: list[str] = []
        for entry in await asyncio.to_thread(self._recent.entries):
            path = self._weights.path(entry.weights_sha256)
            if entry.model_id in self._cache or not path.exists():
                continue
            lock = self._locks.setdefault(entry.model_id, asyncio.Lock())
            async with lock:
                if entry.model_id in self._cache:
                    continue
                started = time.perf_counter()
                try:
                    card = ModelCard.from_json(entry.card_json)
                    network = await self._torch.run(self._load_file, card, path)
                except (CardError, ModelLoadError) as e:
                    logger.warning("model not preloaded", extra={"model_id": entry.model_id, "error": str(e)})
                    continue
                memory = module_memory_bytes(network)
                if self._cache.memory_bytes + memory > self._cache.budget_bytes:
                    break  # the rest is older: the budget is for what users ask for now
                self._cache.put(entry.model_id, card.network.architecture, network, memory)
            loaded.append(entry.model_id)
            logger.info(
                "model preloaded",
                extra={"model_id": entry.model_id, "load_ms": round(_ms_since(started), 1)},
            )
        return loaded

    def _load(self, ref: ModelRef) -> nn.Module:
        path = self._weights.fetch(ref.weights_url, ref.weights_sha256)
        try:
            return self._load_file(ref.card, path)
        except ModelLoadError:
            # An unreadable file would fail every later load too; fetch it again next time.
            self._weights.discard(ref.weights_sha256)
            raise

    def _load_file(self, card: ModelCard, path: Path) -> nn.Module:
        network = load_network(card, path, self._device)
        warm_up(network, card, self._device)
        return network


def warm_up(network: nn.Module, card: ModelCard, device: torch.device) -> None:
    """One segmentation of a blank image at the network's input size, on the calling (torch) thread.

    The first forward of a shape pays for oneDNN's kernel choice and buffers (cuDNN's on a GPU) and
    the thread's OpenMP team: over a hundred milliseconds on a CPU for a 256 px U-Net, against tens
    for the forwards after it. 3D networks are left cold: one patch costs as much as that setup.
    """
    if card.spatial_dims != 2:
        return
    segment(network, np.zeros((card.channels, card.input_size, card.input_size), np.float32), card, device)


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


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
