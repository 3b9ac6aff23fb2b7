"""EvaluationService: queue, watch, cancel and list evaluation and batch jobs; export models."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import TypeVar
from urllib.parse import urlsplit

import grpc

from medseg_ml.evaluation.export import (
    ONNX,
    TORCHSCRIPT,
    ExportMismatchError,
    ExportResult,
    check_opset,
    export_model,
)
from medseg_ml.evaluation.jobs import AnySpec, EvaluationJob, EvaluationJobs, job_proto
from medseg_ml.evaluation.specs import BatchSpec, EvaluationSpec
from medseg_ml.generated.medseg.v1 import evaluation_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import evaluation_service_pb2_grpc as pb_grpc
from medseg_ml.inference.models import InferenceModels, model_ref
from medseg_ml.job_queue import JobExistsError, JobNotFoundError
from medseg_ml.services.inference_service import abort, get_model
from medseg_ml.training.artifacts import Artifact, ArtifactUploadError, upload

R = TypeVar("R", pb.StartEvaluationJobRequest, pb.StartBatchJobRequest)

_FORMATS = {pb.EXPORT_FORMAT_TORCHSCRIPT: TORCHSCRIPT, pb.EXPORT_FORMAT_ONNX: ONNX}


class EvaluationServicer(pb_grpc.EvaluationServiceServicer):
    """Thin gRPC layer over the evaluation job registry, plus synchronous export.

    Cancelling a job that already ended is not an error: the job comes back unchanged.

    Args:
        jobs: the evaluation and batch job registry.
        models: loads and caches networks (export uses the warm model when there is one).
    """

    def __init__(self, jobs: EvaluationJobs, models: InferenceModels) -> None:
        self._jobs = jobs
        self._models = models

    async def StartEvaluationJob(
        self, request: pb.StartEvaluationJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.StartEvaluationJobResponse:
        job = await self._submit(EvaluationSpec.from_request, request, context)
        return pb.StartEvaluationJobResponse(job=job_proto(job))

    async def StartBatchJob(
        self, request: pb.StartBatchJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.StartBatchJobResponse:
        job = await self._submit(BatchSpec.from_request, request, context)
        return pb.StartBatchJobResponse(job=job_proto(job))

    async def _submit(
        self, parse: Callable[[R], AnySpec], request: R, context: grpc.aio.ServicerContext
    ) -> EvaluationJob:
        try:
            # Off the loop: a dataset's pair list may be long.
            spec = await asyncio.to_thread(parse, request)
        except ValueError as e:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
        try:
            return self._jobs.submit(spec)
        except JobExistsError as e:
            await abort(context, grpc.StatusCode.ALREADY_EXISTS, str(e))

    async def WatchJob(
        self, request: pb.WatchJobRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.WatchJobResponse]:
        try:
            async for event in self._jobs.watch(request.job_id, request.after_sequence):
                yield pb.WatchJobResponse(event=event)
        except JobNotFoundError as e:
            await abort(context, grpc.StatusCode.NOT_FOUND, str(e))

    async def CancelJob(
        self, request: pb.CancelJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.CancelJobResponse:
        try:
            job = await self._jobs.cancel(request.job_id)
        except JobNotFoundError as e:
            await abort(context, grpc.StatusCode.NOT_FOUND, str(e))
        return pb.CancelJobResponse(job=job_proto(job))

    async def ListJobs(
        self, request: pb.ListJobsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListJobsResponse:
        return pb.ListJobsResponse(jobs=[job_proto(job) for job in self._jobs.list()])

    async def ExportModel(
        self, request: pb.ExportModelRequest, context: grpc.aio.ServicerContext
    ) -> pb.ExportModelResponse:
        try:
            ref = model_ref(request.model)
            fmt = _FORMATS.get(request.format)
            if fmt is None:
                raise ValueError(
                    f"format must be EXPORT_FORMAT_ONNX or EXPORT_FORMAT_TORCHSCRIPT, got {request.format}"
                )
            opset = check_opset(request.opset_version) if fmt == ONNX else 0
            if urlsplit(request.bundle_url).scheme not in ("http", "https"):
                raise ValueError("bundle_url must be a presigned HTTP(S) URL")
        except ValueError as e:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
        model = await get_model(self._models, ref, context)
        try:
            result: ExportResult = await asyncio.to_thread(
                export_model, model.network, ref.card, request.model.card_json, ref.model_id, fmt, opset
            )
        except ExportMismatchError as e:
            await abort(context, grpc.StatusCode.FAILED_PRECONDITION, f"Model {ref.model_id}: {e}")
        except Exception as e:  # the exporters raise many kinds of errors for unsupported operators
            await abort(
                context,
                grpc.StatusCode.FAILED_PRECONDITION,
                f"Model {ref.model_id} cannot be exported as {fmt}: {type(e).__name__}: {e}",
            )
        try:
            await asyncio.to_thread(
                upload,
                request.bundle_url,
                Artifact(result.bundle, result.sha256),
                "application/zip",
                "export bundle",
            )
        except ArtifactUploadError as e:
            await abort(context, grpc.StatusCode.UNAVAILABLE, str(e))
        return pb.ExportModelResponse(
            file_name=result.file_name,
            bundle_bytes=len(result.bundle),
            bundle_sha256=result.sha256,
            opset_version=result.opset_version,
            max_abs_difference=result.max_abs_difference,
            export_json=result.export_json,
            export_ms=result.export_ms,
        )
