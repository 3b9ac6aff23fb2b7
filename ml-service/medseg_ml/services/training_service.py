"""TrainingService: queue training jobs and upload a kept model again; JobService watches and cancels them."""

from __future__ import annotations

import grpc
import torch

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import training_service_pb2_grpc as pb_grpc
from medseg_ml.http import StorageError
from medseg_ml.services.inference_service import abort
from medseg_ml.services.job_service import submit_job
from medseg_ml.training.auto_config import training_defaults_for
from medseg_ml.training.job_spec import ArtifactUrls, InvalidJobError, JobSpec, artifact_urls
from medseg_ml.training.jobs import NothingToUploadError, TrainingJobs, UploadInProgressError


class TrainingServicer(pb_grpc.TrainingServiceServicer):
    """Thin gRPC layer over the training queue."""

    def __init__(self, jobs: TrainingJobs, device: torch.device) -> None:
        self._jobs = jobs
        self._device = device

    async def StartTrainingJob(
        self, request: pb.StartTrainingJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.StartTrainingJobResponse:
        job = await submit_job(self._jobs, JobSpec.from_request, request, context, request.first_sequence)
        return pb.StartTrainingJobResponse(
            job=job.proto(), hyperparameters=job.spec.hyperparameters.to_proto()
        )

    async def RetryTrainingUpload(
        self, request: pb.RetryTrainingUploadRequest, context: grpc.aio.ServicerContext
    ) -> pb.RetryTrainingUploadResponse:
        try:
            targets: ArtifactUrls = artifact_urls(request.artifacts)
        except InvalidJobError as e:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
        try:
            completed = await self._jobs.retry_upload(request.job_id, targets)
        except NothingToUploadError as e:
            await abort(context, grpc.StatusCode.NOT_FOUND, str(e))
        except UploadInProgressError as e:
            await abort(context, grpc.StatusCode.FAILED_PRECONDITION, str(e))
        except StorageError as e:
            await abort(context, grpc.StatusCode.UNAVAILABLE, f"{e}; the model stays kept for another try")
        return pb.RetryTrainingUploadResponse(completed=completed)

    async def GetTrainingDefaults(
        self, request: pb.GetTrainingDefaultsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetTrainingDefaultsResponse:
        return training_defaults_for(
            request.fingerprint if request.HasField("fingerprint") else None,
            request.stats if request.HasField("stats") else None,
            self._device,
        )
