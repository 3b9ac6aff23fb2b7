"""Model export (GET /api/models/{id}/export): a ZIP with the model file, model.json and export.json."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .api.client import AuthenticatedClient
from .download import download
from .upload import ProgressCallback

EXPORT_FORMATS = ("onnx", "torchscript", "monai-bundle")


@dataclass(frozen=True)
class ExportedModel:
    """An export saved to disk.

    Attributes:
        path: The ZIP.
        format: onnx, torchscript or monai-bundle.
        opset: The ONNX opset (0 for TorchScript), from X-Medseg-Opset.
        max_abs_difference: The largest difference between the export's and PyTorch's outputs on
            a test input, from X-Medseg-Max-Abs-Difference.
    """

    path: Path
    format: str
    opset: int | None
    max_abs_difference: float | None


def export_model(
    api: AuthenticatedClient,
    model_id: str,
    target: Path,
    *,
    format: str = "onnx",
    opset: int | None = None,
    progress: ProgressCallback | None = None,
) -> ExportedModel:
    """Streams the export into `target` (a file, or a folder for the server's file name)."""
    if format not in EXPORT_FORMATS:
        raise ValueError(f"export format must be one of {', '.join(EXPORT_FORMATS)}, not {format!r}")
    params: dict[str, object] = {"format": format}
    if opset is not None:
        params["opset"] = opset
    default_name = f"model-{model_id}-{format}.zip"
    saved = download(
        api.get_httpx_client(),
        f"/api/models/{model_id}/export",
        target,
        params=params,
        default_name=default_name,
        progress=progress,
    )
    return ExportedModel(
        saved.path,
        format,
        _number(saved.headers.get("x-medseg-opset"), int),
        _number(saved.headers.get("x-medseg-max-abs-difference"), float),
    )


def _number(value: str | None, kind: type) -> object:
    try:
        return kind(value) if value is not None else None
    except ValueError:
        return None
