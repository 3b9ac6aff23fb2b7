"""Prediction: segment one file with a model and fetch its mask, as a file or an array.

PNG and JPEG go to POST /api/models/{id}/segment, whose stored result has a PNG mask; everything
else (NIfTI, NRRD, MHA, a DICOM series ZIP, a 2D DICOM) to /segment-volume, whose result is a
volume with a NIfTI mask on the input's grid and, for a DICOM series, a DICOM-SEG as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .api.client import AuthenticatedClient
from .api.models.segment_result_dto import SegmentResultDto
from .api.models.volume_result_dto import VolumeResultDto
from .arrays import nifti_array, png_label_array
from .download import download, download_bytes
from .errors import MedSegError
from .upload import ProgressCallback, post_file

MASK_FORMATS = ("nifti", "dicom-seg", "png", "color")
IMAGE_2D_SUFFIXES = (".png", ".jpg", ".jpeg")
_MASK_FILE_ENDINGS = {
    "nifti": "_mask.nii.gz",
    "dicom-seg": "_seg.dcm",
    "png": "_mask.png",
    "color": "_mask-color.png",
}
# Double suffixes first, so "case.nii.gz" has the stem "case".
_INPUT_ENDINGS = (".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".zip", ".dcm", *IMAGE_2D_SUFFIXES)


@dataclass(frozen=True)
class Prediction:
    """One segmented file.

    Attributes:
        input: The file that was segmented.
        result_id: The stored inference result (GET /api/inference-results/{id}).
        result: The gateway's answer: VolumeResultDto, or SegmentResultDto for PNG and JPEG.
        mask_format: The format of `mask_path`: nifti, dicom-seg, png or color.
        mask_path: Where the mask was saved, or None when no folder was given.
        array: With as_array, the mask's label values: (H, W) for a 2D image, else as nibabel
            reads the NIfTI mask (the input's own voxel grid and order).
        affine: With as_array and a volume, the NIfTI mask's 4x4 voxel-to-world matrix.
    """

    input: Path
    result_id: str
    result: VolumeResultDto | SegmentResultDto
    mask_format: str
    mask_path: Path | None
    array: Any = None
    affine: Any = None

    @property
    def label_values(self) -> list[float]:
        return list(self.result.label_values)


def is_2d_image(path: Path) -> bool:
    return path.name.lower().endswith(IMAGE_2D_SUFFIXES)


def input_stem(path: Path) -> str:
    """The file name without its image ending ("case.nii.gz" -> "case")."""
    lower = path.name.lower()
    for ending in _INPUT_ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending):
            return path.name[: -len(ending)]
    return path.stem


def mask_format_for(result: VolumeResultDto | SegmentResultDto) -> str:
    """The mask format that matches the input: PNG for PNG/JPEG, DICOM-SEG for a DICOM series, else NIfTI."""
    if isinstance(result, SegmentResultDto):
        return "png"
    return "dicom-seg" if result.has_dicom_seg else "nifti"


def segment_file(
    api: AuthenticatedClient,
    model_id: str,
    path: Path,
    *,
    test_time_mirroring: bool = False,
    progress: ProgressCallback | None = None,
) -> VolumeResultDto | SegmentResultDto:
    """Uploads `path` in field "image" and returns the stored result; `test_time_mirroring` averages
    the model over the input's mirror images (4 times the work for a 2D model, 8 for a 3D one)."""
    http = api.get_httpx_client()
    params = {"testTimeMirroring": "true"} if test_time_mirroring else None
    if is_2d_image(path):
        response = post_file(
            http, f"/api/models/{model_id}/segment", "image", path, params=params, progress=progress
        )
        result = SegmentResultDto.from_dict(response.json())
        if not result.result_id:
            raise MedSegError(f"The gateway did not store the result of {path.name}: no mask to download")
        return result
    response = post_file(
        http, f"/api/models/{model_id}/segment-volume", "image", path, params=params, progress=progress
    )
    return VolumeResultDto.from_dict(response.json())


def result_id_of(result: VolumeResultDto | SegmentResultDto) -> str:
    return str(result.result_id) if isinstance(result, SegmentResultDto) else result.id


def predict_file(
    api: AuthenticatedClient,
    model_id: str,
    path: Path,
    *,
    out_dir: Path | None = None,
    mask_format: str | None = None,
    as_array: bool = False,
    test_time_mirroring: bool = False,
    progress: ProgressCallback | None = None,
) -> Prediction:
    """Segments `path` and saves its mask into `out_dir` and/or reads it as an array.

    Args:
        mask_format: nifti, dicom-seg, png or color; None picks the one matching the input.
        as_array: Also read the mask into numpy (the `arrays` extra).
        test_time_mirroring: Average over the input's mirror images (slower, often a little better).
    """
    if mask_format is not None and mask_format not in MASK_FORMATS:
        raise ValueError(f"mask format must be one of {', '.join(MASK_FORMATS)}, not {mask_format!r}")
    result = segment_file(api, model_id, path, test_time_mirroring=test_time_mirroring, progress=progress)
    result_id = result_id_of(result)
    chosen = mask_format or mask_format_for(result)
    mask_url = f"/api/inference-results/{result_id}/mask"
    http = api.get_httpx_client()
    mask_path = None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{input_stem(path)}{_MASK_FILE_ENDINGS[chosen]}"
        mask_path = download(http, mask_url, target, params={"format": chosen}).path
    array = affine = None
    if as_array:
        if isinstance(result, SegmentResultDto):
            array = png_label_array(
                download_bytes(http, mask_url, params={"format": "png"}), result.label_values
            )
        else:
            # A DICOM-SEG holds the same labels as the NIfTI mask, which nibabel reads without pydicom.
            array, affine = nifti_array(download_bytes(http, mask_url, params={"format": "nifti"}))
    return Prediction(path, result_id, result, chosen, mask_path, array, affine)
