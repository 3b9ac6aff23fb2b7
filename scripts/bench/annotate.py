#!/usr/bin/env python3
"""The annotation benchmark's pixel work (scripts/bench/annotate drives the platform):

    annotate.py prepare DIR         the brain-mask sample split three ways: a few labelled slices and
                                    the unlabeled rest as DIR/brain.zip (images/ + masks/), held-out
                                    slices as DIR/heldout/*.png; every slice's truth in DIR/truth.npz
    annotate.py correct DIR JOBS    the simulated annotator from each platform proposal of a dataset
                                    case (NIfTI on the case grid) to its truth; writes the corrected
                                    mask beside it on the same grid
    annotate.py score DIR JOBS      strokes to the target on each held-out slice from empty and from
                                    each model's proposal (class-index PNGs: {name, proposals: {start:
                                    path}})

Each prints one JSON document. The truth lives in the bench only: held-out slices never reach the
platform, and unlabeled cases reach it without their masks.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import json
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import nibabel as nib
import numpy as np
from annotator import correct
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = Path("/usr/share/mricron/templates")
# Every 8th head slice is held out; of the rest, LABELLED evenly spread slices train the first model.
HELD_OUT_EVERY = 8
LABELLED = 8
RADIUS = 5
TARGET = 0.95
CAP = 300
# The corrected cases become training data, so their annotator keeps going well past CAP: a mask saved
# half-corrected would teach the fine-tuned model the first model's mistakes.
SAVE_CAP = 3000


def _sample_data():
    """scripts/sample-data.py as a module (its name has a dash): the slices the brain-mask sample has."""
    spec = importlib.util.spec_from_file_location("sample_data", ROOT / "scripts/sample-data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _name(z: int) -> str:
    return f"colin27_z{z:03d}"


def prepare(out: Path) -> dict[str, object]:
    sample = _sample_data()
    t1 = sample.axial_slices(TEMPLATES / "ch2.nii.gz").astype(np.uint8)
    brain = (sample.axial_slices(TEMPLATES / "ch2bet.nii.gz") > 0).astype(np.uint8)
    keep = [z for z in range(t1.shape[0]) if (t1[z] > 20).mean() > 0.02]  # as sample-data.py keeps
    # Held-out slices have brain in them, so Dice means something on each.
    held_out = [z for z in keep if brain[z].any()][HELD_OUT_EVERY // 2 :: HELD_OUT_EVERY]
    rest = [z for z in keep if z not in held_out]
    labelled = [rest[round(i)] for i in np.linspace(0, len(rest) - 1, LABELLED + 2)[1:-1]]
    (out / "heldout").mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out / "brain.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for z in rest:
            archive.writestr(f"brain-annotate/images/{_name(z)}.png", sample.png(t1[z]))
            if z in labelled:
                archive.writestr(f"brain-annotate/masks/{_name(z)}.png", sample.png(brain[z]))
    for z in held_out:
        Image.fromarray(t1[z]).save(out / "heldout" / f"{_name(z)}.png")
    np.savez_compressed(
        out / "truth.npz",
        **{_name(z): brain[z] for z in keep},
        **{f"image_{_name(z)}": t1[z] for z in keep},
    )
    return {
        "slices": len(keep),
        "labelled": [_name(z) for z in labelled],
        "unlabeled": len(rest) - len(labelled),
        "heldOut": [_name(z) for z in held_out],
        "shape": list(t1.shape[1:]),
    }


def _moved(a: np.ndarray, *, transposed: bool, flip_rows: bool, flip_cols: bool) -> np.ndarray:
    a = a.T if transposed else a
    a = a[::-1] if flip_rows else a
    return a[:, ::-1] if flip_cols else a


def _on_grid(grid_pixels: np.ndarray, png_pixels: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """The transpose/flip that takes the display-ordered PNG pixels to the case's NIfTI grid (to apply
    to the truth). Found by matching the image itself, so no orientation rule is assumed; correlation,
    not equality, in case the grid's values were rescaled."""
    best, best_r = None, -1.0
    for transposed, flip_rows, flip_cols in itertools.product((False, True), repeat=3):
        move = functools.partial(_moved, transposed=transposed, flip_rows=flip_rows, flip_cols=flip_cols)
        candidate = move(png_pixels).astype(np.float64)
        if candidate.shape != grid_pixels.shape:
            continue
        r = float(np.corrcoef(candidate.ravel(), grid_pixels.astype(np.float64).ravel())[0, 1])
        if r > best_r:
            best, best_r = move, r
    if best is None or best_r < 0.99:
        raise ValueError(
            f"the case image matches no transpose or flip of its PNG (best correlation {best_r:.3f})"
        )
    return best


def correct_cases(out: Path, jobs: list[dict[str, str]]) -> list[dict[str, object]]:
    truth = np.load(out / "truth.npz")
    results = []
    for job in jobs:
        case_image = nib.load(job["image"])
        pixels = np.asanyarray(case_image.dataobj).squeeze()
        proposal_file = nib.load(job["proposal"])
        proposal = np.asanyarray(proposal_file.dataobj).squeeze() > 0
        move = _on_grid(pixels, truth[f"image_{job['name']}"])
        gt = move(truth[job["name"]]) > 0
        result = correct(proposal, gt, radius=RADIUS, target=TARGET, cap=SAVE_CAP)
        mask = result.mask.astype(np.uint8).reshape(np.asanyarray(proposal_file.dataobj).shape)
        header = proposal_file.header.copy()
        header.set_data_dtype(np.uint8)
        nib.save(nib.Nifti1Image(mask, proposal_file.affine, header), job["out"])
        results.append(
            {
                "name": job["name"],
                "voxels": int(gt.sum()),
                "strokes": result.strokes,
                "reached": result.reached,
                "dice": result.dice,
                "startDice": result.start_dice,
            }
        )
    return results


def score(out: Path, jobs: list[dict[str, str]]) -> list[dict[str, object]]:
    truth = np.load(out / "truth.npz")
    rows = []
    for job in jobs:
        gt = truth[job["name"]] > 0
        starts = {"empty": np.zeros_like(gt)}
        for start, png in job["proposals"].items():
            starts[start] = np.asarray(Image.open(png)) > 0
        row: dict[str, object] = {"name": job["name"], "voxels": int(gt.sum())}
        for start, mask in starts.items():
            if mask.shape != gt.shape:
                raise ValueError(f"{job['name']}: {start} proposal is {mask.shape}, the slice {gt.shape}")
            result = correct(mask, gt, radius=RADIUS, target=TARGET, cap=CAP)
            row[start] = {
                "strokes": result.strokes,
                "reached": result.reached,
                "startDice": result.start_dice,
            }
        rows.append(row)
    return rows


def main() -> None:
    command, out = sys.argv[1], Path(sys.argv[2])
    if command == "prepare":
        answer: object = prepare(out)
    else:
        jobs = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
        answer = correct_cases(out, jobs) if command == "correct" else score(out, jobs)
    print(json.dumps({"radius": RADIUS, "target": TARGET, "cap": CAP, "saveCap": SAVE_CAP, "result": answer}))


if __name__ == "__main__":
    main()
