"""BatchService: queue batch inference jobs; JobService watches, cancels and lists them."""

from __future__ import annotations

import grpc

from medseg_ml.evaluation.jobs import EvaluationJobs
from medseg_ml.evaluation.specs import BatchSpec
from medseg_ml.generated.medseg.v1 import batch_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import batch_service_pb2_grpc as pb_grpc
from medseg_ml.services.job_service import submit_job


class BatchServicer(pb_grpc.BatchServiceServicer):
    """Thin gRPC layer over the evaluation queue, which runs batch jobs too."""

    def __init__(self, jobs: EvaluationJobs) -> None:
        self._jobs = jobs

    async def StartBatchJob(
        self, request: pb.StartBatchJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.StartBatchJobResponse:
        job = await submit_job(self._jobs, BatchSpec.from_request, request, context)
        return pb.StartBatchJobResponse(job=job.proto())
