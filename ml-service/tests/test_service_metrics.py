"""The ml-service's Prometheus metrics move with what it does and parse as Prometheus text."""

from __future__ import annotations

import torch
from prometheus_client.parser import text_string_to_metric_families

from medseg_ml import service_metrics
from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.model_cache import ModelCache


def samples() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(service_metrics.exposition()):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(name: str, **labels: str) -> float:
    return samples().get((name, tuple(sorted(labels.items()))), 0.0)


def test_cache_lookups_evictions_and_its_size_are_counted() -> None:
    cache = ModelCache(budget_bytes=10_000, ttl_s=60)
    jobs = [(pb.JOB_KIND_TRAINING, pb.JOB_STATE_RUNNING), (pb.JOB_KIND_EVALUATION, pb.JOB_STATE_QUEUED)]
    service_metrics.watch_live(cache, lambda: jobs)
    hits, misses = (
        value("medseg_ml_model_cache_lookups_total", result="hit"),
        value("medseg_ml_model_cache_lookups_total", result="miss"),
    )
    evicted = value("medseg_ml_model_cache_evictions_total", reason="memory budget")
    assert cache.lookup("a") is None
    cache.put("a", "unet", torch.nn.Linear(2, 2), memory_bytes=6_000)
    assert cache.lookup("a") is not None
    cache.put("b", "unet", torch.nn.Linear(2, 2), memory_bytes=6_000)  # evicts a
    assert value("medseg_ml_model_cache_lookups_total", result="hit") == hits + 1
    assert value("medseg_ml_model_cache_lookups_total", result="miss") == misses + 1
    assert value("medseg_ml_model_cache_evictions_total", reason="memory budget") == evicted + 1
    assert value("medseg_ml_model_cache_models") == 1 and value("medseg_ml_model_cache_bytes") == 6_000
    assert value("medseg_ml_jobs", kind="training", state="running") == 1
    assert value("medseg_ml_jobs", kind="evaluation", state="queued") == 1
    assert value("medseg_ml_jobs", kind="batch", state="running") == 0
    # A later server in the same process takes over the scrape-time readings.
    service_metrics.watch_live(ModelCache(budget_bytes=1, ttl_s=1), lambda: [])
    assert (
        value("medseg_ml_model_cache_models") == 0
        and value("medseg_ml_jobs", kind="training", state="running") == 0
    )


def test_inference_stages_and_job_durations_are_histograms() -> None:
    before = value("medseg_ml_inference_stage_seconds_count", stage="forward")
    loads = value("medseg_ml_inference_stage_seconds_count", stage="load")
    service_metrics.observe_segment(0, 3, 40, 2, 46)
    assert value("medseg_ml_inference_stage_seconds_count", stage="forward") == before + 1
    assert value("medseg_ml_inference_stage_seconds_count", stage="load") == loads  # warm: no load stage
    ended = value("medseg_ml_job_duration_seconds_count", kind="training", outcome="completed")
    service_metrics.observe_job_end(pb.JOB_KIND_TRAINING, pb.JOB_STATE_COMPLETED, 1_000, 61_000)
    assert value("medseg_ml_job_duration_seconds_count", kind="training", outcome="completed") == ended + 1
    service_metrics.observe_job_end(pb.JOB_KIND_TRAINING, pb.JOB_STATE_CANCELLED, 0, 5_000)  # never ran
    assert value("medseg_ml_job_duration_seconds_count", kind="training", outcome="cancelled") == 0
