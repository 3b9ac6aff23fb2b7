"""The extra datasets of scripts/bench/quality, from the same Colin27 head as data/samples/brain-mask.zip.

Writes two ZIPs in MedSeg's images/ + masks/ layout (brain mask ch2bet > 0 as label 1) to OUT_DIR:
  sagittal.zip   one pair per sagittal slice that has head in it (the sample's rule, applied to the
                 sagittal plane), superior up and anterior on the left, as viewers show a sagittal slice
  axial-all.zip  every axial slice of the volume (all 181 z), those without brain or without any head
                 included, in axial_slices' orientation
and prints, as one JSON line, each ZIP's pair count and the names of its pairs without brain.
Usage: quality-data.py OUT_DIR
"""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
from pathlib import Path

import nibabel as nib
import numpy as np

# sample-data.py is a script (a dash in its name); its orientation and PNG writer are the ones to match.
_spec = importlib.util.spec_from_file_location("sample_data", Path(__file__).resolve().parents[1] / "sample-data.py")
sample_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample_data)


def sagittal_slices(path: Path) -> np.ndarray:
    """(X, Z, Y) sagittal slices: row 0 superior, column 0 anterior."""
    volume = np.asanyarray(nib.as_closest_canonical(nib.load(path)).dataobj)  # (X, Y, Z) in RAS+
    return np.stack([np.flipud(volume[x, ::-1, :].T) for x in range(volume.shape[0])])


def has_head(image: np.ndarray) -> bool:
    """The rule sample-data.py keeps axial slices by: over 2 % of the pixels brighter than 20."""
    return bool((image > 20).mean() > 0.02)


def write_pairs(path: Path, prefix: str, images: np.ndarray, masks: np.ndarray, keep: list[int]) -> dict[str, int]:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in keep:
            name = f"{prefix}{i:03d}.png"
            archive.writestr(f"{path.stem}/images/{name}", sample_data.png(images[i].astype(np.uint8)))
            archive.writestr(f"{path.stem}/masks/{name}", sample_data.png(masks[i]))
    return {"pairs": len(keep), "noBrain": [f"{prefix}{i:03d}" for i in keep if not masks[i].any()]}


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    t1_path, brain_path = sample_data.TEMPLATES / "ch2.nii.gz", sample_data.TEMPLATES / "ch2bet.nii.gz"

    t1 = sagittal_slices(t1_path)
    brain = (sagittal_slices(brain_path) > 0).astype(np.uint8)
    keep = [x for x in range(t1.shape[0]) if has_head(t1[x])]
    sagittal = write_pairs(out_dir / "sagittal.zip", "colin27_x", t1, brain, keep)

    t1 = sample_data.axial_slices(t1_path)
    brain = (sample_data.axial_slices(brain_path) > 0).astype(np.uint8)
    axial = write_pairs(out_dir / "axial-all.zip", "colin27_z", t1, brain, list(range(t1.shape[0])))
    axial["sampleSlices"] = sum(has_head(t1[z]) for z in range(t1.shape[0]))
    print(json.dumps({"sagittal": sagittal, "axialAll": axial}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
