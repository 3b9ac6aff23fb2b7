"""TrainingService: queue, watch, cancel and list training jobs; the jobs themselves live in TrainingJobs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import grpc

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import training_service_pb2_grpc as pb_grpc
from medseg_ml.training.hyperparameters import training_defaults
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.jobs import JobExistsError, JobNotFoundError, TrainingJobs, job_proto


class TrainingServicer(pb_grpc.TrainingServiceServicer):
    """Thin gRPC layer over the job registry.

    Cancelling a job that already ended is not an error: the job comes back unchanged, so a retried
    cancel is harmless.
    """

    def __init__(self, jobs: TrainingJobs) -> None:
        self._jobs = jobs

    async def StartTrainingJob(
        self, request: pb.StartTrainingJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.StartTrainingJobResponse:
        try:
            # Off the loop: splitting a large pair list takes a moment.
            spec = await asyncio.to_thread(JobSpec.from_request, request)
        except ValueError as e:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(e))
        try:
            job = self._jobs.submit(spec)
        except JobExistsError as e:
            await context.abort(grpc.StatusCode.ALREADY_EXISTS, str(e))
        return pb.StartTrainingJobResponse(job=job_proto(job))

    async def WatchTrainingJob(
        self, request: pb.WatchTrainingJobRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.WatchTrainingJobResponse]:
        try:
            events = self._jobs.watch(request.job_id, request.after_sequence)
            async for event in events:
                yield pb.WatchTrainingJobResponse(event=event)
        except JobNotFoundError as e:
            await context.abort(grpc.StatusCode.NOT_FOUND, str(e))

    async def CancelTrainingJob(
        self, request: pb.CancelTrainingJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.CancelTrainingJobResponse:
        try:
            job = await self._jobs.cancel(request.job_id)
        except JobNotFoundError as e:
            await context.abort(grpc.StatusCode.NOT_FOUND, str(e))
        return pb.CancelTrainingJobResponse(job=job_proto(job))

    async def ListTrainingJobs(
        self, request: pb.ListTrainingJobsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListTrainingJobsResponse:
        return pb.ListTrainingJobsResponse(jobs=[job_proto(job) for job in self._jobs.list()])

    async def GetTrainingDefaults(
        self, request: pb.GetTrainingDefaultsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetTrainingDefaultsResponse:
        return training_defaults()
