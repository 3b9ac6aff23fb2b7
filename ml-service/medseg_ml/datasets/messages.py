"""The two streamed InspectDatasetResponse kinds besides the result (progress and an object to store),
and the warning for a file of a format that is not read."""

from __future__ import annotations

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.io.decode import READ_FORMATS


def progress_message(phase: int, done: int, total: int) -> pb.InspectDatasetResponse:
    return pb.InspectDatasetResponse(progress=pb.InspectProgress(phase=phase, done=done, total=total))


def object_message(path: str, content_type: str, data: bytes) -> pb.InspectDatasetResponse:
    return pb.InspectDatasetResponse(object=pb.DatasetObject(path=path, content_type=content_type, data=data))


def not_read_reason(ext: str) -> str:
    """Why a file with extension `ext` (not one of SUPPORTED_SUFFIXES) is left out."""
    if ext == ".raw":
        return (
            "Is not the voxel file (ElementDataFile) of a .mhd in its folder; zip it beside its .mhd "
            "or remove it (a detached NRRD is not read: save it as one .nrrd); ignored"
        )
    if ext == ".nhdr":
        return "Is a detached NRRD header (its voxels are in another file); save it as one .nrrd; ignored"
    return f"{ext} files are not read ({READ_FORMATS} are); ignored"
