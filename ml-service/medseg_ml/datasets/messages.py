"""The two streamed InspectDatasetResponse kinds besides the result: progress and an object to store."""

from __future__ import annotations

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb


def progress_message(phase: int, done: int, total: int) -> pb.InspectDatasetResponse:
    return pb.InspectDatasetResponse(progress=pb.InspectProgress(phase=phase, done=done, total=total))


def object_message(path: str, content_type: str, data: bytes) -> pb.InspectDatasetResponse:
    return pb.InspectDatasetResponse(object=pb.DatasetObject(path=path, content_type=content_type, data=data))
