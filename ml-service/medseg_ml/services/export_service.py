"""ExportService: a model as TorchScript, ONNX or a MONAI Bundle, checked against PyTorch, zipped."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import grpc

from medseg_ml.evaluation.export import (
    MONAI_BUNDLE,
    ONNX,
    TORCHSCRIPT,
    ExportMismatchError,
    ExportResult,
    check_opset,
    export_model,
)
from medseg_ml.generated.medseg.v1 import export_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import export_service_pb2_grpc as pb_grpc
from medseg_ml.http import StorageError
from medseg_ml.inference.models import InferenceModels, model_ref
from medseg_ml.services.inference_service import abort, get_model
from medseg_ml.torch_executor import TorchExecutor
from medseg_ml.training.artifacts import Artifact, upload

_FORMATS = {
    pb.EXPORT_FORMAT_TORCHSCRIPT: TORCHSCRIPT,
    pb.EXPORT_FORMAT_ONNX: ONNX,
    pb.EXPORT_FORMAT_MONAI_BUNDLE: MONAI_BUNDLE,
}


class ExportServicer(pb_grpc.ExportServiceServicer):
    """Synchronous export; uses the warm model from the cache when there is one.

    Args:
        models: loads and caches networks.
    """

    def __init__(self, models: InferenceModels, torch_executor: TorchExecutor) -> None:
        self._models = models
        self._torch = torch_executor

    async def ExportModel(
        self, request: pb.ExportModelRequest, context: grpc.aio.ServicerContext
    ) -> pb.ExportModelResponse:
        try:
            ref = model_ref(request.model)
            fmt = _FORMATS.get(request.format)
            if fmt is None:
                raise ValueError(
                    "format must be EXPORT_FORMAT_ONNX, EXPORT_FORMAT_TORCHSCRIPT or "
                    f"EXPORT_FORMAT_MONAI_BUNDLE, got {request.format}"
                )
            opset = check_opset(request.opset_version) if fmt == ONNX else 0
            if fmt == MONAI_BUNDLE and ref.card.network.guided:
                # A bundle's inference.json feeds the image alone to network_def, whose input also
                # counts the guidance maps: MONAI Label would fail on it.
                raise ValueError(
                    "A guided model cannot be exported as a MONAI Bundle (the bundle format has no place "
                    "for its prompt inputs); export it as TorchScript or ONNX, which segment without prompts"
                )
            if urlsplit(request.bundle_url).scheme not in ("http", "https"):
                raise ValueError("bundle_url must be a presigned HTTP(S) URL")
        except ValueError as e:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
        model = await get_model(self._models, ref, context)
        try:
            result: ExportResult = await self._torch.run(
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
                "the export bundle",
            )
        except StorageError as e:
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
