"""`medseg export MODEL --format onnx|torchscript|bundle`."""

from __future__ import annotations

from pathlib import Path

import click

from ..model_export import export_model
from ..progress import byte_progress
from .output import number, size
from .state import CliState, json_option

# "bundle" is what people say; the API calls it monai-bundle.
_FORMATS = {
    "onnx": "onnx",
    "torchscript": "torchscript",
    "bundle": "monai-bundle",
    "monai-bundle": "monai-bundle",
}


@click.command(name="export")
@click.argument("model_id", metavar="MODEL")
@click.option(
    "--format", "export_format", type=click.Choice(list(_FORMATS)), default="onnx", show_default=True
)
@click.option("--opset", type=int, help="ONNX opset (default: the gateway's).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="The ZIP to write, or a folder for the server's file name.",
)
@json_option
@click.pass_obj
def export(state: CliState, model_id: str, export_format: str, opset: int | None, out: Path) -> None:
    """Save MODEL as a ZIP: the model file (ONNX, TorchScript or a MONAI bundle), model.json, export.json."""
    output = state.out
    with byte_progress(output.shows_progress, f"Exporting {export_format}") as progress:
        exported = export_model(
            state.client().api, model_id, out, format=_FORMATS[export_format], opset=opset, progress=progress
        )
    summary = {
        "path": str(exported.path),
        "format": exported.format,
        "bytes": exported.path.stat().st_size,
        "opset": exported.opset,
        "maxAbsDifference": exported.max_abs_difference,
    }
    output.result(
        summary,
        lambda console: console.print(
            f"Wrote {exported.path} ({size(summary['bytes'])}); opset {number(exported.opset)}, "
            f"largest difference from PyTorch {number(exported.max_abs_difference, 6)}",
            markup=False,
        ),
    )
