"""Builds demonstration datasets from Debian's mricron-data (Colin27 T1 brain MRI, BSD licence).

Writes two ZIPs in the layout MedSeg accepts (images/ + masks/, PNG pairs, one per axial slice):
  brain-mask.zip  the T1 slices with the brain mask (ch2bet > 0) as label 1
  brain-aal.zip   the same slices with the 116-region AAL atlas as labels (multi-class)
Slices without any head in them are left out.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import nibabel as nib
import numpy as np
from PIL import Image

TEMPLATES = Path("/usr/share/mricron/templates")


def axial_slices(path: Path) -> np.ndarray:
    """(Z, H, W) axial slices, anterior up and the patient's right on the left, as viewers show them."""
    volume = np.asanyarray(nib.as_closest_canonical(nib.load(path)).dataobj)  # (X, Y, Z) in RAS+
    return np.stack([np.flipud(volume[:, :, z].T) for z in range(volume.shape[2])])


def png(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_zip(path: Path, images: np.ndarray, masks: np.ndarray, keep: list[int]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for z in keep:
            name = f"colin27_z{z:03d}.png"
            archive.writestr(f"{path.stem}/images/{name}", png(images[z].astype(np.uint8)))
            archive.writestr(f"{path.stem}/masks/{name}", png(masks[z]))
    print(f"{path}: {len(keep)} pairs, {path.stat().st_size / 1e6:.1f} MB")


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    t1 = axial_slices(TEMPLATES / "ch2.nii.gz")
    brain = (axial_slices(TEMPLATES / "ch2bet.nii.gz") > 0).astype(np.uint8)
    aal = axial_slices(TEMPLATES / "aal.nii.gz")
    # AAL labels go up to 116 here; uint8 PNG holds them as they are.
    aal = aal.astype(np.uint8)
    keep = [z for z in range(t1.shape[0]) if (t1[z] > 20).mean() > 0.02]
    write_zip(out_dir / "brain-mask.zip", t1, brain, keep)
    write_zip(out_dir / "brain-aal.zip", t1, aal, keep)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/samples"))
