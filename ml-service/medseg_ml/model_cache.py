"""Models kept warm between requests, bounded by a memory budget and an idle time-to-live.

The cache only holds modules that callers loaded; loading weights is the caller's job. Evicting a model
drops the cache's reference: a request still running with that module keeps it alive until it returns.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import torch

from medseg_ml import service_metrics

logger = logging.getLogger(__name__)


@dataclass
class CacheEntry:
    model_id: str
    architecture: str
    module: torch.nn.Module
    memory_bytes: int
    # Unix seconds (wall clock) because clients see it as last_used_unix_ms.
    last_used: float


@dataclass(frozen=True)
class LoadedModelInfo:
    model_id: str
    architecture: str
    memory_bytes: int
    last_used_unix_ms: int


class ModelTooLargeError(Exception):
    """A single model needs more memory than the whole cache budget."""


def module_memory_bytes(module: torch.nn.Module) -> int:
    """Bytes held by the parameters and buffers of `module` (shared parameters counted once)."""
    return sum(t.numel() * t.element_size() for t in itertools.chain(module.parameters(), module.buffers()))


class ModelCache:
    """LRU map of model id to loaded module.

    `put` evicts least-recently-used models until the new one fits in `budget_bytes`;
    `evict_idle` drops models unused for `ttl_s` seconds (the server calls it periodically).
    Thread-safe, since models are loaded and used from worker threads.

    Args:
        budget_bytes: most bytes of model memory held at once (MEDSEG_ML_MODEL_MEMORY_MB).
        ttl_s: seconds a model may stay unused before `evict_idle` drops it (MEDSEG_ML_MODEL_TTL_S).
        clock: wall-clock source in Unix seconds; tests pass their own.
    """

    def __init__(self, budget_bytes: int, ttl_s: float, clock: Callable[[], float] = time.time) -> None:
        self._budget_bytes = budget_bytes
        self._ttl_s = ttl_s
        self._clock = clock
        self._entries: OrderedDict[str, CacheEntry] = OrderedDict()  # least recently used first
        self._memory_bytes = 0
        self._lock = threading.Lock()

    @property
    def budget_bytes(self) -> int:
        return self._budget_bytes

    @property
    def ttl_s(self) -> float:
        return self._ttl_s

    @property
    def memory_bytes(self) -> int:
        return self._memory_bytes

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, model_id: object) -> bool:
        return model_id in self._entries

    def put(
        self,
        model_id: str,
        architecture: str,
        module: torch.nn.Module,
        memory_bytes: int | None = None,
        now: float | None = None,
    ) -> list[str]:
        """Hold `module` under `model_id`, replacing any model with that id.

        Args:
            memory_bytes: what the model occupies; defaults to its parameters and buffers.
            now: Unix seconds of this use; defaults to the clock.

        Returns:
            Ids of the models evicted to make room, least recently used first.

        Raises:
            ModelTooLargeError: the model alone exceeds the budget; nothing was evicted.
        """
        size = module_memory_bytes(module) if memory_bytes is None else memory_bytes
        if size > self._budget_bytes:
            raise ModelTooLargeError(
                f"Model {model_id} needs {_mib(size)} MiB but the model cache holds at most "
                f"{_mib(self._budget_bytes)} MiB; raise MEDSEG_ML_MODEL_MEMORY_MB"
            )
        now = self._clock() if now is None else now
        with self._lock:
            replaced = self._pop(model_id)
            evicted: list[LoadedModelInfo] = []
            while self._entries and self._memory_bytes + size > self._budget_bytes:
                evicted.append(self._pop_oldest())
            self._entries[model_id] = CacheEntry(model_id, architecture, module, size, now)
            self._memory_bytes += size
        if replaced is not None:
            self._release([replaced], "replaced")
        self._release(evicted, "memory budget")
        logger.info(
            "model cached",
            extra={"model_id": model_id, "architecture": architecture, "memory_bytes": size},
        )
        return [e.model_id for e in evicted]

    def lookup(self, model_id: str, now: float | None = None) -> CacheEntry | None:
        """Return the entry for `model_id` and mark it used now, or None when it is not held."""
        with self._lock:
            entry = self._entries.get(model_id)
            service_metrics.cache_lookups.labels("miss" if entry is None else "hit").inc()
            if entry is None:
                return None
            entry.last_used = self._clock() if now is None else now
            self._entries.move_to_end(model_id)
            return entry

    def remove(self, model_id: str) -> bool:
        """Drop `model_id`; return whether it was held."""
        with self._lock:
            removed = self._pop(model_id)
        if removed is None:
            return False
        self._release([removed], "removed")
        return True

    def evict_idle(self, now: float | None = None) -> list[str]:
        """Drop every model unused for longer than the TTL; return their ids."""
        now = self._clock() if now is None else now
        with self._lock:
            idle = [e.model_id for e in self._entries.values() if now - e.last_used > self._ttl_s]
            evicted = [self._pop(model_id) for model_id in idle]
        self._release([e for e in evicted if e is not None], "idle ttl")
        return idle

    def clear(self) -> None:
        with self._lock:
            evicted = [self._pop(model_id) for model_id in list(self._entries)]
        self._release([e for e in evicted if e is not None], "shutdown")

    def snapshot(self) -> list[LoadedModelInfo]:
        """Models held now, most recently used first."""
        with self._lock:
            entries = list(reversed(self._entries.values()))
        return [_info(e) for e in entries]

    def _pop(self, model_id: str) -> LoadedModelInfo | None:
        # Returns a description, not the entry, so the module's last reference from here dies with the
        # dict item and `_release` can hand its memory back.
        entry = self._entries.pop(model_id, None)
        if entry is None:
            return None
        self._memory_bytes -= entry.memory_bytes
        return _info(entry)

    def _pop_oldest(self) -> LoadedModelInfo:
        _, entry = self._entries.popitem(last=False)
        self._memory_bytes -= entry.memory_bytes
        return _info(entry)

    def _release(self, evicted: list[LoadedModelInfo], reason: str) -> None:
        for info in evicted:
            service_metrics.cache_evictions.labels(reason).inc()
            logger.info(
                "model evicted",
                extra={"model_id": info.model_id, "reason": reason, "memory_bytes": info.memory_bytes},
            )
        # Without this the CUDA caching allocator keeps the freed blocks and GetInfo's free memory
        # would not move.
        if evicted and torch.cuda.is_initialized():
            torch.cuda.empty_cache()


def _info(entry: CacheEntry) -> LoadedModelInfo:
    return LoadedModelInfo(
        entry.model_id, entry.architecture, entry.memory_bytes, round(entry.last_used * 1000)
    )


def _mib(n: int) -> int:
    return -(-n // (1024 * 1024))
