from __future__ import annotations

import pytest
from torch import nn

from medseg_ml.model_cache import LoadedModelInfo, ModelCache, ModelTooLargeError, module_memory_bytes

MIB = 1024 * 1024


def make_cache(budget_bytes: int = 100, ttl_s: float = 10, now: float = 0.0) -> ModelCache:
    return ModelCache(budget_bytes, ttl_s, clock=lambda: now)


def ids(cache: ModelCache) -> list[str]:
    return [m.model_id for m in cache.snapshot()]


def test_starts_empty() -> None:
    cache = make_cache()
    assert cache.snapshot() == []
    assert cache.memory_bytes == 0
    assert len(cache) == 0


def test_memory_defaults_to_parameters_and_buffers() -> None:
    module = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
    # conv 2*1*3*3 + 2 bias; batch norm weight, bias, running mean, running var (2 each) in float32,
    # plus num_batches_tracked as one int64.
    assert module_memory_bytes(module) == (18 + 2 + 8) * 4 + 8
    cache = make_cache(budget_bytes=MIB)
    cache.put("m", "unet", module)
    assert cache.memory_bytes == module_memory_bytes(module)


def test_snapshot_reports_most_recent_first_in_unix_ms() -> None:
    cache = make_cache()
    cache.put("a", "unet", nn.Identity(), memory_bytes=10, now=1_700_000_000.0)
    cache.put("b", "attention-unet", nn.Identity(), memory_bytes=20, now=1_700_000_001.5)
    assert cache.snapshot() == [
        LoadedModelInfo("b", "attention-unet", 20, 1_700_000_001_500),
        LoadedModelInfo("a", "unet", 10, 1_700_000_000_000),
    ]


def test_put_evicts_least_recently_used_past_budget() -> None:
    cache = make_cache(budget_bytes=100)
    cache.put("a", "unet", nn.Identity(), memory_bytes=40)
    cache.put("b", "unet", nn.Identity(), memory_bytes=40)
    assert cache.put("c", "unet", nn.Identity(), memory_bytes=40) == ["a"]
    assert ids(cache) == ["c", "b"]
    assert cache.memory_bytes == 80


def test_lookup_protects_a_model_from_budget_eviction() -> None:
    cache = make_cache(budget_bytes=100)
    cache.put("a", "unet", nn.Identity(), memory_bytes=40, now=1)
    cache.put("b", "unet", nn.Identity(), memory_bytes=40, now=2)
    entry = cache.lookup("a", now=3)
    assert entry is not None and entry.last_used == 3
    assert cache.put("c", "unet", nn.Identity(), memory_bytes=40, now=4) == ["b"]
    assert ids(cache) == ["c", "a"]


def test_put_evicts_as_many_as_needed() -> None:
    cache = make_cache(budget_bytes=100)
    for model_id in ("a", "b", "c"):
        cache.put(model_id, "unet", nn.Identity(), memory_bytes=30)
    assert cache.put("big", "unet", nn.Identity(), memory_bytes=90) == ["a", "b", "c"]
    assert ids(cache) == ["big"]
    assert cache.memory_bytes == 90


def test_model_larger_than_budget_is_refused_without_evicting() -> None:
    cache = make_cache(budget_bytes=3 * MIB)
    cache.put("a", "unet", nn.Identity(), memory_bytes=MIB)
    expected = "needs 4 MiB .* at most 3 MiB; raise MEDSEG_ML_MODEL_MEMORY_MB"
    with pytest.raises(ModelTooLargeError, match=expected):
        cache.put("huge", "unet", nn.Identity(), memory_bytes=4 * MIB)
    assert ids(cache) == ["a"]


def test_put_with_same_id_replaces_without_double_counting() -> None:
    cache = make_cache(budget_bytes=100)
    first, second = nn.Identity(), nn.Identity()
    cache.put("a", "unet", first, memory_bytes=60)
    assert cache.put("a", "unet", second, memory_bytes=70) == []
    assert cache.memory_bytes == 70
    entry = cache.lookup("a")
    assert entry is not None and entry.module is second


def test_evict_idle_drops_models_unused_past_ttl() -> None:
    cache = make_cache(ttl_s=10)
    cache.put("a", "unet", nn.Identity(), memory_bytes=1, now=0)
    cache.put("b", "unet", nn.Identity(), memory_bytes=1, now=5)
    assert cache.evict_idle(now=10) == []  # exactly at the TTL is still fresh
    assert cache.evict_idle(now=12) == ["a"]
    cache.lookup("b", now=12)
    assert cache.evict_idle(now=20) == []
    assert cache.evict_idle(now=22.5) == ["b"]
    assert cache.snapshot() == []
    assert cache.memory_bytes == 0


def test_evict_idle_uses_the_clock_by_default() -> None:
    now = [0.0]
    cache = ModelCache(100, ttl_s=10, clock=lambda: now[0])
    cache.put("a", "unet", nn.Identity(), memory_bytes=1)
    now[0] = 11
    assert cache.evict_idle() == ["a"]


def test_lookup_and_remove_of_unknown_model() -> None:
    cache = make_cache()
    assert cache.lookup("missing") is None
    assert cache.remove("missing") is False
    cache.put("a", "unet", nn.Identity(), memory_bytes=5)
    assert "a" in cache
    assert cache.remove("a") is True
    assert "a" not in cache
    assert cache.memory_bytes == 0


def test_clear_empties_the_cache() -> None:
    cache = make_cache()
    cache.put("a", "unet", nn.Identity(), memory_bytes=5)
    cache.put("b", "unet", nn.Identity(), memory_bytes=5)
    cache.clear()
    assert cache.snapshot() == []
    assert cache.memory_bytes == 0
