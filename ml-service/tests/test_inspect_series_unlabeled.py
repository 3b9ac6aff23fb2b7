"""DICOM series without a mask: unlabeled cases in MSD imagesTs/, one warning per folder elsewhere."""

from __future__ import annotations

import numpy as np
import pytest
from archive_factory import zip_bytes
from inspect_run import inspect_bytes
from safetensors.numpy import load
from volume_factory import anisotropic_volume, dicom_series_files, msd_files


def _series(cases: dict[str, int], folder: str, root: str = "Task01_Test/") -> dict[str, bytes]:
    """`<root><folder>/<case>/*.dcm` of dicom_series_files, without masks."""
    files, _ = dicom_series_files(cases, masks=False)
    return {f"{root}{folder}/{name.removeprefix('images/')}": data for name, data in files.items()}


def test_series_folders_in_imagests_are_unlabeled_cases() -> None:
    files = msd_files(cases=2, channels=1, with_test=0)
    files.update(_series({"scan1": 1, "scan2": 2}, "imagesTs"))
    inspection = inspect_bytes(zip_bytes(files))
    result = inspection.result
    assert list(result.errors) == [] and list(result.warnings) == [], list(result.warnings)
    names = [c.name for c in result.cases]
    assert names == ["case_001", "case_002", "scan1", "scan2/1", "scan2/2"]
    scan = result.cases[2]
    assert scan.unlabeled and scan.mask_path == "" and scan.label_voxels == []
    assert list(scan.image_paths) == ["Task01_Test/imagesTs/scan1/"]
    assert (scan.depth, scan.height, scan.width) == (12, 40, 48)
    assert list(scan.geometry.spacing) == pytest.approx([2.5, 0.8, 0.8])
    assert scan.modality == "MR" and scan.series_instance_uid
    pairs = result.pairs[scan.first_pair : scan.first_pair + scan.depth]
    assert all(p.unlabeled and p.volume == "scan1" and list(p.labels) == [] for p in pairs)
    assert all(p.unlabeled for p in result.pairs[scan.first_pair :])
    assert not any(p.unlabeled for p in result.pairs[: scan.first_pair])
    shards = {
        k: v
        for o in inspection.objects.values()
        if o.path.startswith("data/")
        for k, v in load(o.data).items()
    }
    image, _, _ = anisotropic_volume(seed=0)
    for p in pairs:
        assert not shards[f"mask_{p.index}"].any()
    np.testing.assert_array_equal(shards[f"image_{pairs[4].index}"][0], image[4])
    assert f"cases/{scan.index:05d}/image.nii.gz" in inspection.objects
    assert f"cases/{scan.index:05d}/mask.nii.gz" not in inspection.objects
    assert result.stats.unlabeled_count == 3
    assert result.fingerprint.case_count == 2  # unlabeled cases are not part of it


def test_a_series_in_imagests_named_like_a_training_case_is_left_out() -> None:
    files = msd_files(cases=1, channels=1, with_test=0)
    files.update(_series({"case_001": 1}, "imagesTs"))
    inspection = inspect_bytes(zip_bytes(files))
    assert [c.name for c in inspection.result.cases] == ["case_001"]
    reason = inspection.warning_for("Task01_Test/imagesTs/case_001/")
    assert reason == "Case case_001 is in imagesTr/ too; ignored here"


def test_a_series_in_imagestr_without_a_label_is_one_warning() -> None:
    files = msd_files(cases=1, channels=1, with_test=0)
    files.update(_series({"scan1": 1}, "imagesTr"))
    inspection = inspect_bytes(zip_bytes(files))
    result = inspection.result
    assert [c.name for c in result.cases] == ["case_001"]
    assert [w.path for w in result.warnings] == ["Task01_Test/imagesTr/scan1/"]
    assert inspection.warning_for("Task01_Test/imagesTr/scan1/") == (
        "Has no label labelsTr/scan1.nii.gz; put unlabeled cases in imagesTs/"
    )


def test_a_series_without_a_mask_in_images_is_one_warning_and_left_out() -> None:
    files, _ = dicom_series_files({"case1": 1, "case2": 1})
    del files["masks/case2.nii.gz"]
    inspection = inspect_bytes(zip_bytes(files))
    result = inspection.result
    assert [c.name for c in result.cases] == ["case1"] and not any(p.unlabeled for p in result.pairs)
    assert [w.path for w in result.warnings] == ["images/case2/"]
    reason = inspection.warning_for("images/case2/")
    assert reason.startswith("Folder of 12 DICOM files without a mask; add masks/case2.nii.gz")
    assert "masks/case2.dcm (a DICOM-SEG)" in reason


def test_only_unmasked_series_is_no_valid_pair() -> None:
    files, _ = dicom_series_files({"case1": 1}, masks=False)
    result = inspect_bytes(zip_bytes({**files, "masks/readme.txt": b"x"})).result
    assert list(result.errors) == [
        "No valid image/mask pair: masks/ holds no mask files; see the warnings for each file"
    ]
