"""Builds demonstration datasets from Debian's mricron-data (Colin27 T1 brain MRI, BSD licence).

Writes four ZIPs. Two in MedSeg's images/ + masks/ layout (PNG pairs, one per axial slice; slices
without any head in them are left out):
  brain-mask.zip  the T1 slices with the brain mask (ch2bet > 0) as label 1
  brain-aal.zip   the same slices with the 116-region AAL atlas as labels (multi-class)
and two volumes in the Medical Segmentation Decathlon / nnU-Net v2 layout (imagesTr/colin27_0000.nii.gz,
labelsTr/colin27.nii.gz, dataset.json with the label names):
  colin27-msd-aal.zip    the T1 volume with the AAL atlas, its 116 region names from aal.nii.txt
  colin27-msd-brain.zip  the T1 volume with the brain mask as label 1 ("brain")

The tests import `msd_files` from this file (ml-service/tests/test_inspect_colin27.py).
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

import nibabel as nib
import numpy as np
from PIL import Image

TEMPLATES = Path("/usr/share/mricron/templates")


def axial_slices(path: Path) -> np.ndarray:
    """(Z, H, W) axial slices, anterior up and the patient's right on the left, as viewers show them."""
    volume = np.asanyarray(
        nib.as_closest_canonical(nib.load(path)).dataobj
    )  # (X, Y, Z) in RAS+
    return np.stack([np.flipud(volume[:, :, z].T) for z in range(volume.shape[2])])


def png(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_zip(
    path: Path, images: np.ndarray, masks: np.ndarray, keep: list[int]
) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for z in keep:
            name = f"colin27_z{z:03d}.png"
            archive.writestr(
                f"{path.stem}/images/{name}", png(images[z].astype(np.uint8))
            )
            archive.writestr(f"{path.stem}/masks/{name}", png(masks[z]))
    print(f"{path}: {len(keep)} pairs, {path.stat().st_size / 1e6:.1f} MB")


def aal_names() -> dict[int, str]:
    """Region value -> name from aal.nii.txt ("1 Precentral_L 2001" per line)."""
    names: dict[int, str] = {}
    for line in (TEMPLATES / "aal.nii.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            names[int(parts[0])] = parts[1]
    return names


def msd_files(
    labels: str = "aal", z_range: tuple[int, int] | None = None
) -> dict[str, bytes]:
    """Members of a one-case MSD archive of Colin27: labels "aal" (116 regions) or "brain" (ch2bet > 0).

    z_range keeps the source slices z_range[0] .. z_range[1] - 1 only (the origin moves with them),
    for a quick test; None keeps the whole 181 x 217 x 181 head.
    """
    root = f"colin27-msd-{labels}/"
    t1 = nib.load(TEMPLATES / "ch2.nii.gz")
    if labels == "aal":
        mask = nib.load(TEMPLATES / "aal.nii.gz")
        names = {0: "background", **aal_names()}
    else:
        brain = nib.load(TEMPLATES / "ch2bet.nii.gz")
        mask = nib.Nifti1Image(
            (np.asanyarray(brain.dataobj) > 0).astype(np.uint8), brain.affine
        )
        names = {0: "background", 1: "brain"}
    dataset = {
        "name": f"Colin27 {labels}",
        "description": "Colin27 T1 head (1 mm) from Debian mricron-data",
        "licence": "BSD (mricron)",
        "channel_names": {"0": "T1"},
        "labels": {name: value for value, name in names.items()},
        "numTraining": 1,
        "file_ending": ".nii.gz",
    }
    return {
        f"{root}imagesTr/colin27_0000.nii.gz": _nifti_gz(t1, z_range),
        f"{root}labelsTr/colin27.nii.gz": _nifti_gz(mask, z_range),
        f"{root}dataset.json": json.dumps(dataset, indent=2).encode(),
    }


def _nifti_gz(image: nib.Nifti1Image, z_range: tuple[int, int] | None) -> bytes:
    if z_range is not None:
        image = image.slicer[:, :, z_range[0] : z_range[1]]
    return gzip.compress(image.to_bytes(), compresslevel=6, mtime=0)


def write_msd_zip(path: Path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(
        path, "w", zipfile.ZIP_STORED
    ) as archive:  # members are gzipped already
        for name, data in files.items():
            archive.writestr(name, data)
    print(f"{path}: 1 volume, {path.stat().st_size / 1e6:.1f} MB")


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
    for labels in ("aal", "brain"):
        write_msd_zip(out_dir / f"colin27-msd-{labels}.zip", msd_files(labels))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/samples"))
