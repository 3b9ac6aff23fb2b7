"""The ml-service's Prometheus metrics (prometheus-client), served through the gateway's GET /metrics.

One registry of the process: the model cache's hits, misses and evictions, inference latency by stage,
jobs by kind and state and their durations, and GPU memory when CUDA is in use. SystemService.GetMetrics
answers `exposition()`; the gateway appends it to its own, so one scrape sees both services.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import torch
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from medseg_ml.generated.medseg.v1 import job_pb2 as pb

if TYPE_CHECKING:
    from medseg_ml.model_cache import ModelCache

REGISTRY = CollectorRegistry()

_KINDS = {pb.JOB_KIND_TRAINING: "training", pb.JOB_KIND_EVALUATION: "evaluation", pb.JOB_KIND_BATCH: "batch"}
_STATES = {
    pb.JOB_STATE_QUEUED: "queued",
    pb.JOB_STATE_RUNNING: "running",
    pb.JOB_STATE_COMPLETED: "completed",
    pb.JOB_STATE_FAILED: "failed",
    pb.JOB_STATE_CANCELLED: "cancelled",
}

cache_lookups = Counter(
    "medseg_ml_model_cache_lookups",
    "Model cache lookups by result (hit: the model was warm; miss: it had to be loaded)",
    ["result"],
    registry=REGISTRY,
)
cache_evictions = Counter(
    "medseg_ml_model_cache_evictions",
    "Models dropped from the cache, by reason (memory budget, idle ttl, removed, shutdown)",
    ["reason"],
    registry=REGISTRY,
)
inference_stage_seconds = Histogram(
    "medseg_ml_inference_stage_seconds",
    "Time of each stage of a Segment call: load (only when the model was not warm), decode, forward, "
    "encode and total",
    ["stage"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
job_seconds = Histogram(
    "medseg_ml_job_duration_seconds",
    "Jobs that ended, from start of running to their end, by kind and outcome",
    ["kind", "outcome"],
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400),
    registry=REGISTRY,
)


def observe_segment(
    load_ms: float, decode_ms: float, forward_ms: float, encode_ms: float, total_ms: float
) -> None:
    stages = {"decode": decode_ms, "forward": forward_ms, "encode": encode_ms, "total": total_ms}
    if load_ms > 0:
        stages["load"] = load_ms
    for stage, ms in stages.items():
        inference_stage_seconds.labels(stage).observe(ms / 1000)


def observe_job_end(kind: int, state: int, started_ms: int, finished_ms: int) -> None:
    if started_ms > 0 and finished_ms >= started_ms:
        job_seconds.labels(_KINDS.get(kind, "other"), _STATES.get(state, "other")).observe(
            (finished_ms - started_ms) / 1000
        )


class _LiveCollector(Collector):
    """What is read at scrape time: the cache's size, jobs by kind and state, GPU memory."""

    def __init__(self, cache: ModelCache, jobs: Callable[[], list[tuple[int, int]]]) -> None:
        self._cache = cache
        self._jobs = jobs

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield _gauge("model_cache_models", "Models held warm in the model cache", {(): len(self._cache)})
        yield _gauge("model_cache_bytes", "Memory the warm models occupy", {(): self._cache.memory_bytes})
        yield _gauge(
            "model_cache_budget_bytes", "The model cache's memory budget", {(): self._cache.budget_bytes}
        )
        counts = {(kind, state): 0 for kind in _KINDS.values() for state in ("queued", "running")}
        for kind, state in self._jobs():
            key = (_KINDS.get(kind, "other"), _STATES.get(state, "other"))
            if key[1] in ("queued", "running"):
                counts[key] = counts.get(key, 0) + 1
        yield _gauge(
            "jobs", "Jobs queued or running on the ml-service, by kind and state", counts, ("kind", "state")
        )
        if torch.cuda.is_available() and torch.cuda.is_initialized():
            devices = [(str(i),) for i in range(torch.cuda.device_count())]
            memory = {
                "allocated": ("GPU memory held by tensors", torch.cuda.memory_allocated),
                "reserved": ("GPU memory reserved by the caching allocator", torch.cuda.memory_reserved),
                "total": ("The GPU's memory", lambda i: torch.cuda.get_device_properties(i).total_memory),
            }
            for what, (text, read) in memory.items():
                values = {d: read(int(d[0])) for d in devices}
                yield _gauge(f"gpu_memory_{what}_bytes", text, values, ("device",))


def _gauge(
    name: str, text: str, values: dict[tuple[str, ...], float], labels: tuple[str, ...] = ()
) -> GaugeMetricFamily:
    family = GaugeMetricFamily(f"medseg_ml_{name}", text, labels=list(labels))
    for key, value in sorted(values.items()):
        family.add_metric(list(key), value)
    return family


_live: list[_LiveCollector] = []


def watch_live(cache: ModelCache, jobs: Callable[[], list[tuple[int, int]]]) -> None:
    """Reads `cache` and `jobs` at scrape time; the server calls it at start-up (a later server in the
    same process, as in tests, takes over from the one before)."""
    while _live:
        REGISTRY.unregister(_live.pop())
    collector = _LiveCollector(cache, jobs)
    REGISTRY.register(collector)
    _live.append(collector)


def exposition() -> str:
    return generate_latest(REGISTRY).decode("utf-8")
