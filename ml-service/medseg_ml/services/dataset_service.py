"""DatasetService: turn an uploaded archive into dataset objects and a report of what is in it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import aclosing
from pathlib import Path
from urllib.parse import urlsplit

import grpc

from medseg_ml.datasets.annotation import AnnotationError, prepare_annotation
from medseg_ml.datasets.inspect import inspect_dataset
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import dataset_service_pb2_grpc as pb_grpc
from medseg_ml.http import StorageError
from medseg_ml.thread_stream import iterate_in_thread

logger = logging.getLogger(__name__)


class DatasetServicer(pb_grpc.DatasetServiceServicer):
    """Inspects archives in a worker thread each, with temp files under `<cache_dir>/inspect`.

    Args:
        cache_dir: the service's cache folder (MEDSEG_ML_CACHE_DIR).
    """

    def __init__(self, cache_dir: Path) -> None:
        self._work_root = cache_dir / "inspect"
        self._annotation_root = cache_dir / "annotations"

    async def PrepareAnnotation(
        self, request: pb.PrepareAnnotationRequest, context: grpc.aio.ServicerContext
    ) -> pb.PrepareAnnotationResponse:
        dataset_id = request.dataset_id
        try:
            response = await asyncio.to_thread(prepare_annotation, request, self._annotation_root)
        except AnnotationError as e:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(e))
        except Exception:
            logger.exception("annotation preparation failed", extra={"dataset_id": dataset_id})
            await context.abort(
                grpc.StatusCode.INTERNAL,
                f"Preparing the annotation of dataset {dataset_id} failed unexpectedly; "
                "the ml-service log has the details",
            )
        logger.info(
            "annotation prepared",
            extra={"dataset_id": dataset_id, "case": request.case.index, "changed": response.changed_voxels},
        )
        return response

    async def InspectDataset(
        self, request: pb.InspectDatasetRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.InspectDatasetResponse]:
        if urlsplit(request.archive_url).scheme not in ("http", "https"):
            await context.abort(
                grpc.StatusCode.INVALID_ARGUMENT,
                "archive_url must be a presigned HTTP(S) GET URL of the uploaded ZIP archive",
            )
        if not request.HasField("limits"):
            await context.abort(
                grpc.StatusCode.INVALID_ARGUMENT,
                "limits is required; send DatasetLimits with zero fields to use the ml-service defaults",
            )
        dataset_id = request.dataset_id
        limits = ArchiveLimits.from_proto(request.limits)
        logger.info("dataset inspection started", extra={"dataset_id": dataset_id})
        try:
            events = iterate_in_thread(
                lambda: inspect_dataset(
                    request.archive_url, request.archive_size_bytes, limits, self._work_root
                ),
                name=f"inspect-{dataset_id}",
            )
            async with aclosing(events):
                async for event in events:
                    if event.HasField("result"):
                        _log_result(dataset_id, event.result)
                    yield event
        except StorageError as e:
            logger.warning(
                "dataset archive download failed", extra={"dataset_id": dataset_id, "reason": str(e)}
            )
            await context.abort(grpc.StatusCode.UNAVAILABLE, str(e))
        except Exception:
            logger.exception("dataset inspection failed", extra={"dataset_id": dataset_id})
            await context.abort(
                grpc.StatusCode.INTERNAL,
                f"Inspecting dataset {dataset_id} failed unexpectedly; the ml-service log has the details",
            )


def _log_result(dataset_id: str, result: pb.InspectResult) -> None:
    logger.info(
        "dataset inspection finished" if not result.errors else "dataset inspection refused the archive",
        extra={
            "dataset_id": dataset_id,
            "pairs": result.stats.pair_count,
            "warnings": len(result.warnings),
            "errors": len(result.errors),
        },
    )
