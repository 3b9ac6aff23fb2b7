"""The gRPC server: wires services to the long-lived state, serves until SIGTERM or SIGINT, then drains."""

from __future__ import annotations

import asyncio
import errno
import logging
import signal
import socket
import time
from importlib import import_module
from pathlib import Path

import grpc
import torch
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from medseg_ml import service_metrics
from medseg_ml.config import ConfigError, Settings
from medseg_ml.device import describe_device, select_device
from medseg_ml.evaluation.jobs import EvaluationJobs
from medseg_ml.generated.medseg.v1 import (
    batch_service_pb2,
    batch_service_pb2_grpc,
    dataset_service_pb2,
    dataset_service_pb2_grpc,
    evaluation_service_pb2,
    evaluation_service_pb2_grpc,
    export_service_pb2,
    export_service_pb2_grpc,
    inference_service_pb2,
    inference_service_pb2_grpc,
    job_service_pb2,
    job_service_pb2_grpc,
    session_service_pb2,
    session_service_pb2_grpc,
    system_service_pb2,
    system_service_pb2_grpc,
    training_service_pb2,
    training_service_pb2_grpc,
)
from medseg_ml.inference.admission import InferenceSlots
from medseg_ml.inference.models import InferenceModels
from medseg_ml.inference.recent_models import RecentModels
from medseg_ml.inference.recent_results import RecentResults
from medseg_ml.inference.warm import warm_codecs
from medseg_ml.inference.weights import WeightsStore
from medseg_ml.job_registry import JobRegistry
from medseg_ml.model_cache import ModelCache
from medseg_ml.request_context import RequestIdInterceptor
from medseg_ml.services.batch_service import BatchServicer
from medseg_ml.services.dataset_service import DatasetServicer
from medseg_ml.services.evaluation_service import EvaluationServicer
from medseg_ml.services.export_service import ExportServicer
from medseg_ml.services.inference_service import InferenceServicer
from medseg_ml.services.job_service import JobServicer
from medseg_ml.services.session_service import SessionServicer
from medseg_ml.services.system_service import SystemServicer
from medseg_ml.services.training_service import TrainingServicer
from medseg_ml.sessions.store import SessionStore
from medseg_ml.torch_executor import TorchExecutor
from medseg_ml.training.job_files import sweep_job_folders
from medseg_ml.training.jobs import TrainingJobs
from medseg_ml.training.runner import TrainingEnv

logger = logging.getLogger(__name__)

# Our services as clients name them; health reports each, reflection lists them.
SERVICE_NAMES: tuple[str, ...] = tuple(
    service.full_name
    for module in (
        system_service_pb2,
        dataset_service_pb2,
        job_service_pb2,
        training_service_pb2,
        inference_service_pb2,
        evaluation_service_pb2,
        batch_service_pb2,
        export_service_pb2,
        session_service_pb2,
    )
    for service in module.DESCRIPTOR.services_by_name.values()
)

# In-flight RPCs get this long to finish after SIGTERM; the whole stop must fit in 5 s.
SHUTDOWN_GRACE_S = 3.0


class BindError(Exception):
    """The server could not listen on MEDSEG_ML_HOST:MEDSEG_ML_PORT; the message says why."""


async def serve(settings: Settings) -> None:
    """Run the ml-service until SIGTERM or SIGINT, then stop gracefully.

    Raises:
        ConfigError: a setting cannot be honoured on this machine (no GPU, cache dir not writable).
        BindError: the address is taken or not ours.
    """
    device = select_device(settings.device)
    _prepare_cache_dir(settings.cache_dir)
    models = ModelCache(settings.model_memory_bytes, settings.model_ttl_s)
    registry = JobRegistry()
    training_env = TrainingEnv(
        device,
        settings.cache_dir / "training",
        settings.cache_dir / "jobs",
        settings.training_memory_bytes,
    )
    training_jobs = TrainingJobs(registry, training_env)
    await asyncio.to_thread(sweep_job_folders, training_env.jobs_dir)
    torch_executor = TorchExecutor(device, settings.inference_concurrency)
    weights_dir = settings.cache_dir / "weights"
    inference_models = InferenceModels(
        models,
        WeightsStore(weights_dir),
        device,
        torch_executor,
        RecentModels(weights_dir / "recent.json", settings.preload_models),
    )
    evaluation_jobs = EvaluationJobs(registry, inference_models, device, settings.cache_dir / "evaluation")
    started_at = time.monotonic()
    service_metrics.watch_live(models, lambda: [(job.kind, job.state) for job in registry.list()])

    server = grpc.aio.server(
        interceptors=[RequestIdInterceptor()],
        options=[
            ("grpc.max_receive_message_length", settings.max_message_bytes),
            ("grpc.max_send_message_length", settings.max_message_bytes),
            # gRPC sets SO_REUSEPORT by default, which lets a second ml-service bind the same port and
            # silently share its traffic; we want that second one to fail instead.
            ("grpc.so_reuseport", 0),
        ],
    )
    system_service_pb2_grpc.add_SystemServiceServicer_to_server(
        SystemServicer(device, models, started_at), server
    )
    dataset_service_pb2_grpc.add_DatasetServiceServicer_to_server(DatasetServicer(settings.cache_dir), server)
    job_service_pb2_grpc.add_JobServiceServicer_to_server(JobServicer(registry), server)
    training_service_pb2_grpc.add_TrainingServiceServicer_to_server(
        TrainingServicer(training_jobs, device), server
    )
    # Sessions' opens and prompts are segmentations too: they share Segment's admission slots.
    slots = InferenceSlots(settings.inference_concurrency, settings.inference_queue)
    # 0 MB keeps nothing, and no upload is hashed for a key.
    recent_results = RecentResults(settings.recent_results_bytes) if settings.recent_results_mb else None
    inference_service_pb2_grpc.add_InferenceServiceServicer_to_server(
        InferenceServicer(
            inference_models,
            device,
            settings.cache_dir / "inference",
            slots,
            torch_executor,
            batch_window_s=settings.batch_window_ms / 1000,
            batch_max=settings.batch_max,
            recent_results=recent_results,
        ),
        server,
    )
    sessions = SessionStore(settings.max_sessions, settings.session_memory_bytes, settings.session_ttl_s)
    session_service_pb2_grpc.add_SessionServiceServicer_to_server(
        SessionServicer(
            inference_models,
            device,
            settings.cache_dir / "inference",
            slots,
            torch_executor,
            sessions,
            recent_results,
        ),
        server,
    )
    evaluation_service_pb2_grpc.add_EvaluationServiceServicer_to_server(
        EvaluationServicer(evaluation_jobs), server
    )
    batch_service_pb2_grpc.add_BatchServiceServicer_to_server(BatchServicer(evaluation_jobs), server)
    export_service_pb2_grpc.add_ExportServiceServicer_to_server(
        ExportServicer(inference_models, torch_executor), server
    )
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (*SERVICE_NAMES, health.SERVICE_NAME, reflection.SERVICE_NAME),
        server,
    )

    address = _grpc_address(settings.host, settings.port)
    try:
        server.add_insecure_port(address)
    except RuntimeError:
        raise BindError(_bind_failure_reason(settings.host, settings.port)) from None

    stop_signal = _stop_signal()
    # grpc's health servicer starts out SERVING; we are not until warm (see _warm_up).
    for name in ("", *SERVICE_NAMES):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
    await server.start()
    warm_started = time.monotonic()
    warming = asyncio.create_task(_warm_up(inference_models))
    await asyncio.wait({warming, stop_signal}, return_when=asyncio.FIRST_COMPLETED)
    if not stop_signal.done():
        for name in ("", *SERVICE_NAMES):
            await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    info = await asyncio.to_thread(describe_device, device)
    logger.info(
        f"ml-service listening on {address} device={device}",
        extra={
            "device_name": info.name,
            "torch_version": str(torch.__version__),
            "model_memory_mb": settings.model_memory_mb,
            "model_ttl_s": settings.model_ttl_s,
            "warm_up_ms": round((time.monotonic() - warm_started) * 1000),
        },
    )

    sweeper = asyncio.create_task(_evict_idle_models(models))
    session_sweeper = asyncio.create_task(_expire_sessions(sessions))
    registry.start()
    try:
        signame = await stop_signal
        logger.info("ml-service stopping", extra={"signal": signame})
    finally:
        sweeper.cancel()
        warming.cancel()
        session_sweeper.cancel()
        # NOT_SERVING first so load balancers and the gateway stop sending before we refuse calls.
        await health_servicer.enter_graceful_shutdown()
        # Before stopping the server: ending every job closes the watch streams, which the grace
        # period would otherwise wait for.
        await registry.close()
        await server.stop(grace=SHUTDOWN_GRACE_S)
        torch_executor.shutdown()
        models.clear()
        sessions.clear()
    logger.info("ml-service stopped")


def _stop_signal() -> asyncio.Future[str]:
    """A future that resolves to the name of the first SIGTERM or SIGINT received."""
    loop = asyncio.get_running_loop()
    stop: asyncio.Future[str] = loop.create_future()

    def on_signal(sig: signal.Signals) -> None:
        if not stop.done():
            stop.set_result(sig.name)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)
    return stop


async def _warm_up(models: InferenceModels) -> None:
    """Pay the first request's one-time costs before SERVING, so a request right after a restart costs
    at most its model's weight load plus a warm request: codec plugins, MONAI's networks (about a second
    of imports, kept out of module import so tools and pickling stay light), then the recently used
    models (recent_models.py). A failure here only makes the first request slower, never the start fail.
    """
    try:
        await asyncio.to_thread(warm_codecs)
        await asyncio.to_thread(import_module, "monai.networks.nets")
        loaded = await models.preload()
    except Exception:
        logger.warning("warming up failed; models load on first use", exc_info=True)
        return
    if loaded:
        logger.info("models preloaded", extra={"model_ids": loaded})


async def _evict_idle_models(models: ModelCache) -> None:
    # Check a few times per TTL so a model outlives it by at most a quarter, but never spin.
    interval = min(30.0, max(1.0, models.ttl_s / 4))
    while True:
        await asyncio.sleep(interval)
        # Off the loop: eviction may call into the CUDA allocator.
        await asyncio.to_thread(models.evict_idle)


async def _expire_sessions(sessions: SessionStore) -> None:
    # Sessions also expire whenever the store is used; this returns an idle service's memory too.
    interval = min(30.0, max(1.0, sessions.ttl_s / 4))
    while True:
        await asyncio.sleep(interval)
        sessions.sweep()


def _prepare_cache_dir(cache_dir: Path) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(f"MEDSEG_ML_CACHE_DIR={cache_dir} cannot be created: {e.strerror}") from None


def _grpc_address(host: str, port: int) -> str:
    # IPv6 literals need brackets in a gRPC target, e.g. [::]:50051.
    if ":" in host and not host.startswith("["):
        return f"[{host}]:{port}"
    return f"{host}:{port}"


def _bind_failure_reason(host: str, port: int) -> str:
    """Explain a failed gRPC bind; gRPC itself only says "Failed to bind", so probe with a plain socket."""
    plain_host = host.strip("[]")
    try:
        family, kind, proto, _, sockaddr = socket.getaddrinfo(plain_host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as e:
        return f"MEDSEG_ML_HOST={host} does not resolve: {e.strerror}"
    with socket.socket(family, kind, proto) as probe:
        try:
            probe.bind(sockaddr)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return f"port {port} is already in use (MEDSEG_ML_PORT)"
            if e.errno == errno.EADDRNOTAVAIL:
                return f"MEDSEG_ML_HOST={host} is not an address of this machine"
            if e.errno == errno.EACCES:
                return f"no permission to listen on port {port} (MEDSEG_ML_PORT)"
            return f"cannot listen on {host}:{port} (MEDSEG_ML_HOST, MEDSEG_ML_PORT): {e.strerror}"
    return (
        f"gRPC could not listen on {host}:{port} (MEDSEG_ML_HOST, MEDSEG_ML_PORT); "
        "rerun with GRPC_VERBOSITY=debug for the cause"
    )
