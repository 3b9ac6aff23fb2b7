"""MetaImage with a detached voxel file (.mhd + .raw) in an archive: the .raw its header names is
extracted beside it under the archive's limits; what cannot be used is a warning for that file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
import SimpleITK as sitk
from archive_factory import zip_bytes
from inspect_run import inspect_bytes
from safetensors.numpy import load
from volume_factory import anisotropic_volume, dicom_series_files

from medseg_ml.datasets.archive import ArchiveRefusedError, EntryExtractor, entry_parts
from medseg_ml.datasets.data_files import attach_data_files
from medseg_ml.datasets.entry_files import EntryFiles
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb

SPACING = (2.5, 0.8, 0.8)  # (slice, row, column) mm


def mhd_files(zyx: np.ndarray, folder: str, stem: str, tmp_path: Path) -> dict[str, bytes]:
    """`<folder>/<stem>.mhd` + `<folder>/<stem>.raw` of a display-ordered volume: ITK's identity LPS
    direction puts k toward S, j toward P, i toward L, so `zyx` is its own display order."""
    out = tmp_path / folder
    out.mkdir(parents=True, exist_ok=True)
    image = sitk.GetImageFromArray(zyx)
    image.SetSpacing(SPACING[::-1])
    sitk.WriteImage(image, str(out / f"{stem}.mhd"), False)
    return {f"{folder}/{name}": (out / name).read_bytes() for name in (f"{stem}.mhd", f"{stem}.raw")}


def test_mhd_and_raw_pairs_become_a_case(tmp_path: Path) -> None:
    image, mask, _ = anisotropic_volume(spacing=SPACING)
    # Image and mask both name "vol.raw": each .mhd takes the one of its own folder.
    files = {**mhd_files(image, "images", "vol", tmp_path), **mhd_files(mask, "masks", "vol", tmp_path)}
    inspection = inspect_bytes(zip_bytes(files))
    result = inspection.result
    assert list(result.errors) == [] and list(result.warnings) == [], list(result.warnings)
    (case,) = result.cases
    assert case.image_format == pb.IMAGE_FORMAT_META_IMAGE == case.mask_format
    assert list(case.image_paths) == ["images/vol.mhd"] and case.mask_path == "masks/vol.mhd"
    assert list(case.geometry.spacing) == pytest.approx(SPACING)
    shard = load(inspection.objects["data/shard-00000.safetensors"].data)
    for z in (0, 6, 11):
        np.testing.assert_array_equal(shard[f"image_{z}"][0], image[z])
        np.testing.assert_array_equal(shard[f"mask_{z}"], mask[z])


def test_a_series_mask_as_mhd_and_raw(tmp_path: Path) -> None:
    files, _ = dicom_series_files({"case1": 1})
    _, mask, _ = anisotropic_volume()
    del files["masks/case1.nii.gz"]
    files.update(mhd_files(mask, "masks", "case1", tmp_path))
    inspection = inspect_bytes(zip_bytes(files))
    assert list(inspection.result.warnings) == [], list(inspection.result.warnings)
    (case,) = inspection.result.cases
    assert case.mask_format == pb.IMAGE_FORMAT_META_IMAGE
    shard = load(inspection.objects["data/shard-00000.safetensors"].data)
    np.testing.assert_array_equal(shard["mask_5"], mask[5])


def _header(files: dict[str, bytes], name: str, data_file: str) -> bytes:
    return files[name].replace(b"ElementDataFile = vol.raw", f"ElementDataFile = {data_file}".encode())


def test_what_a_mhd_cannot_use_is_a_warning_for_that_file(tmp_path: Path) -> None:
    image, mask, _ = anisotropic_volume(shape=(4, 16, 16), spacing=SPACING)
    files = {**mhd_files(image, "images", "vol", tmp_path), **mhd_files(mask, "masks", "vol", tmp_path)}
    raw = files["images/vol.raw"]
    files["images/sub/vol.raw"] = raw
    archive = {
        **files,
        "images/up.mhd": _header(files, "images/vol.mhd", "../vol.raw"),
        "images/deep.mhd": _header(files, "images/vol.mhd", "sub/vol.raw"),
        "images/missing.mhd": _header(files, "images/vol.mhd", "gone.raw"),
        "images/stray.raw": raw,
        "images/head.nhdr": b"NRRD0004\ntype: short\ndimension: 1\nsizes: 4\ndata file: x.raw\n\n",
    }
    for stem in ("up", "deep", "missing"):
        archive[f"masks/{stem}.mhd"] = files["masks/vol.mhd"]
    inspection = inspect_bytes(zip_bytes(archive))
    assert [c.name for c in inspection.result.cases] == ["vol"]
    assert "must name a file beside it" in inspection.warning_for("images/up.mhd")
    assert "must name a file beside it" in inspection.warning_for("images/deep.mhd")
    assert "Keeps its voxels in gone.raw, which is not beside it" in inspection.warning_for(
        "images/missing.mhd"
    )
    assert inspection.warning_for("images/stray.raw").startswith("Is not the voxel file (ElementDataFile)")
    assert "detached NRRD header" in inspection.warning_for("images/head.nhdr")
    # sub/vol.raw is nobody's voxel file ("sub/vol.raw" names a folder), and is said to be so.
    assert inspection.warning_for("images/sub/vol.raw").startswith("Is not the voxel file")
    warned = {w.path for w in inspection.result.warnings}
    assert "images/vol.raw" not in warned and "masks/vol.raw" not in warned


def test_the_raw_is_extracted_under_the_archive_limits(tmp_path: Path) -> None:
    image, _, _ = anisotropic_volume(shape=(4, 16, 16), spacing=SPACING)
    files = mhd_files(image, "images", "vol", tmp_path)
    data = zip_bytes(files, zipfile.ZIP_STORED)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        split = [(i, entry_parts(i.filename)) for i in archive.infolist()]
        attached, rest = attach_data_files(archive, split)
        assert [i.filename for i, _ in rest] == ["images/vol.mhd"]
        assert attached["images/vol.mhd"].name == "vol.raw"
        header_bytes = len(files["images/vol.mhd"])
        limits = ArchiveLimits(max_uncompressed_bytes=header_bytes + len(files["images/vol.raw"]) - 1)
        entries = EntryFiles(EntryExtractor(archive, limits), attached)
        with pytest.raises(ArchiveRefusedError, match="expands to more than"):
            entries.extract(archive.getinfo("images/vol.mhd"), tmp_path / "image.mhd")
        assert not (tmp_path / "image.mhd.parts").exists()
        path = EntryFiles(EntryExtractor(archive, ArchiveLimits()), attached).extract(
            archive.getinfo("images/vol.mhd"), tmp_path / "image.mhd"
        )
        assert sorted(p.name for p in path.parent.iterdir()) == ["header.mhd", "vol.raw"]
        EntryFiles.remove(path)
        assert not path.parent.exists()
