"""`medseg predict MODEL FILES... --out DIR`."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from ..api.models.volume_result_dto import VolumeResultDto
from ..prediction import MASK_FORMATS, Prediction, predict_file
from ..progress import byte_progress
from .output import add_row, number, table
from .state import CliState, json_option


@click.command()
@click.argument("model_id", metavar="MODEL")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the masks are written to (made when missing).",
)
@click.option(
    "--format",
    "mask_format",
    type=click.Choice(MASK_FORMATS),
    help="Mask format; default: NIfTI for NIfTI/NRRD/MHA, DICOM-SEG for a DICOM series ZIP, PNG for PNG/JPG.",
)
@click.option(
    "--mirror",
    is_flag=True,
    help="Test-time mirroring: average over each input's mirror images (4x the time, 8x for a 3D model).",
)
@json_option
@click.pass_obj
def predict(
    state: CliState,
    model_id: str,
    files: tuple[Path, ...],
    out_dir: Path,
    mask_format: str | None,
    mirror: bool,
) -> None:
    """Segment FILES with MODEL and save their masks into --out.

    FILES: NIfTI, NRRD, MHA, a ZIP of one DICOM series (or .mhd + .raw), a 2D DICOM, PNG or JPEG.
    Stops at the first file the gateway refuses.
    """
    api = state.client().api
    out = state.out
    done: list[Prediction] = []
    for path in files:
        with byte_progress(out.shows_progress, f"Segmenting {path.name}") as progress:
            prediction = predict_file(
                api,
                model_id,
                path,
                out_dir=out_dir,
                mask_format=mask_format,
                test_time_mirroring=mirror,
                progress=progress,
            )
        done.append(prediction)
        out.note(f"{path} -> {prediction.mask_path}")

    def human(console: Console) -> None:
        grid = table("input", "mask", "format", "labels (voxels)")
        for p in done:
            add_row(grid, str(p.input), str(p.mask_path), p.mask_format, _voxels(p))
        console.print(grid)

    state.out.result([_as_json(p) for p in done], human)


def _voxels(prediction: Prediction) -> str:
    if not isinstance(prediction.result, VolumeResultDto):
        return "-"
    return (
        ", ".join(f"{number(item.value)}: {number(item.voxels)}" for item in prediction.result.label_voxels)
        or "none"
    )


def _as_json(prediction: Prediction) -> dict[str, object]:
    return {
        "input": str(prediction.input),
        "resultId": prediction.result_id,
        "maskFormat": prediction.mask_format,
        "maskPath": str(prediction.mask_path),
        "result": prediction.result.to_dict(),
    }
