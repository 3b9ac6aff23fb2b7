"""JobService: watch, cancel and list every job (training, evaluation, batch); and how any job is queued."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import grpc

from medseg_ml.generated.medseg.v1 import job_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import job_service_pb2_grpc as pb_grpc
from medseg_ml.job import Job, PreconditionError
from medseg_ml.job_queue import JobQueue
from medseg_ml.job_registry import JobExistsError, JobNotFoundError, JobRegistry
from medseg_ml.services.inference_service import abort

R = TypeVar("R")
S = TypeVar("S")


class JobServicer(pb_grpc.JobServiceServicer):
    """Thin gRPC layer over the job registry.

    Cancelling a job that already ended is not an error: the job comes back unchanged, so a retried
    cancel is harmless.
    """

    def __init__(self, registry: JobRegistry) -> None:
        self._registry = registry

    async def WatchJob(
        self, request: pb.WatchJobRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.WatchJobResponse]:
        try:
            async for event in self._registry.watch(request.job_id, request.after_sequence):
                yield pb.WatchJobResponse(event=event)
        except JobNotFoundError as e:
            await abort(context, grpc.StatusCode.NOT_FOUND, str(e))

    async def CancelJob(
        self, request: pb.CancelJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.CancelJobResponse:
        try:
            job = await self._registry.cancel(request.job_id)
        except JobNotFoundError as e:
            await abort(context, grpc.StatusCode.NOT_FOUND, str(e))
        return pb.CancelJobResponse(job=job.proto())

    async def ListJobs(
        self, request: pb.ListJobsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListJobsResponse:
        return pb.ListJobsResponse(jobs=[job.proto() for job in self._registry.list(request.kind)])


async def submit_job(
    queue: JobQueue[S],
    parse: Callable[[R], S],
    request: R,
    context: grpc.aio.ServicerContext,
    first_sequence: int = 1,
) -> Job[Any]:
    """Check a Start*Job request and queue its job; INVALID_ARGUMENT or ALREADY_EXISTS otherwise."""
    try:
        # Off the loop: checking and splitting a long pair list takes a moment.
        spec = await asyncio.to_thread(parse, request)
    except ValueError as e:
        await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
    except PreconditionError as e:
        await abort(context, grpc.StatusCode.FAILED_PRECONDITION, str(e))
    try:
        return queue.submit(spec, first_sequence)
    except JobExistsError as e:
        await abort(context, grpc.StatusCode.ALREADY_EXISTS, str(e))
