"""EvaluationService: queue evaluation jobs; JobService watches, cancels and lists them."""

from __future__ import annotations

import grpc

from medseg_ml.evaluation.jobs import EvaluationJobs
from medseg_ml.evaluation.specs import EvaluationSpec
from medseg_ml.generated.medseg.v1 import evaluation_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import evaluation_service_pb2_grpc as pb_grpc
from medseg_ml.services.job_service import submit_job


class EvaluationServicer(pb_grpc.EvaluationServiceServicer):
    """Thin gRPC layer over the evaluation queue (shared with batch jobs)."""

    def __init__(self, jobs: EvaluationJobs) -> None:
        self._jobs = jobs

    async def StartEvaluationJob(
        self, request: pb.StartEvaluationJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.StartEvaluationJobResponse:
        job = await submit_job(self._jobs, EvaluationSpec.from_request, request, context)
        return pb.StartEvaluationJobResponse(job=job.proto())
