"""SystemService: what the ml-service runs on and which models it keeps warm."""

from __future__ import annotations

import asyncio
import platform
import time

import grpc
import torch

from medseg_ml import service_metrics
from medseg_ml.device import describe_device
from medseg_ml.generated.medseg.v1 import system_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import system_service_pb2_grpc as pb_grpc
from medseg_ml.model_cache import ModelCache
from medseg_ml.version import SERVICE_VERSION

_DEVICE_KINDS = {"cpu": pb.DEVICE_KIND_CPU, "cuda": pb.DEVICE_KIND_CUDA}


class SystemServicer(pb_grpc.SystemServiceServicer):
    """Reports the device, library versions, memory and warm models.

    Args:
        device: the device models run on.
        models: the server's model cache.
        started_at: `time.monotonic()` when the server started.
    """

    def __init__(self, device: torch.device, models: ModelCache, started_at: float) -> None:
        self._device = device
        self._models = models
        self._started_at = started_at

    async def GetMetrics(
        self, request: pb.GetMetricsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetMetricsResponse:
        return pb.GetMetricsResponse(text=await asyncio.to_thread(service_metrics.exposition))

    async def GetInfo(
        self, request: pb.GetInfoRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetInfoResponse:
        info = await asyncio.to_thread(describe_device, self._device)
        return pb.GetInfoResponse(
            device_kind=_DEVICE_KINDS[info.kind],
            device_name=info.name,
            torch_version=str(torch.__version__),
            python_version=platform.python_version(),
            service_version=SERVICE_VERSION,
            memory_free_bytes=info.memory_free_bytes,
            memory_total_bytes=info.memory_total_bytes,
            loaded_models=[
                pb.LoadedModel(
                    model_id=m.model_id,
                    architecture=m.architecture,
                    memory_bytes=m.memory_bytes,
                    last_used_unix_ms=m.last_used_unix_ms,
                )
                for m in self._models.snapshot()
            ],
            uptime_seconds=time.monotonic() - self._started_at,
            cpu_threads=torch.get_num_threads(),
        )
