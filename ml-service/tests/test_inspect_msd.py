"""The MSD / nnU-Net layout, label names and multi-channel cases, inspected in-process."""

from __future__ import annotations

import gzip
import json

import nibabel as nib
import numpy as np
import pytest
from archive_factory import label_mask, png_bytes, zip_bytes
from inspect_run import inspect_bytes
from safetensors.numpy import load
from volume_factory import (
    anisotropic_volume,
    channel_image,
    msd_files,
    nifti_bytes,
    xyz,
)


def _nifti(data: bytes) -> nib.Nifti1Image:
    return nib.Nifti1Image.from_bytes(gzip.decompress(data))


def test_msd_two_channels_with_a_test_case() -> None:
    inspection = inspect_bytes(zip_bytes(msd_files(cases=2, channels=2, with_test=1)))
    result = inspection.result
    assert list(result.errors) == [], list(result.errors)
    assert result.layout == "msd"
    assert [c.name for c in result.cases] == ["case_001", "case_002", "case_101"]
    assert [c.unlabeled for c in result.cases] == [False, False, True]
    assert result.stats.unlabeled_count == 1 and result.stats.volume_count == 3
    assert result.stats.channels == 2
    assert [(x.value, x.name) for x in result.labels] == [(0, "background"), (1, "liver"), (2, "tumour")]
    first = result.cases[0]
    assert list(first.image_paths) == [
        "Task01_Test/imagesTr/case_001_0000.nii.gz",
        "Task01_Test/imagesTr/case_001_0001.nii.gz",
    ]
    assert first.mask_path == "Task01_Test/labelsTr/case_001.nii.gz"
    assert (first.depth, first.height, first.width, first.channels) == (12, 40, 48, 2)
    assert len(result.pairs) == 36
    test_case = result.cases[2]
    assert test_case.first_pair == 24 and test_case.mask_path == "" and not test_case.label_voxels
    for pair in result.pairs[24:]:
        assert pair.unlabeled and pair.case_index == 2 and pair.mask_path == "" and list(pair.labels) == []
        assert pair.volume == "case_101" and pair.channels == 2
    assert [p.case_index for p in result.pairs[:24]] == [0] * 12 + [1] * 12
    shard = load(inspection.objects["data/shard-00000.safetensors"].data)
    assert shard["image_30"].shape == (2, 40, 48)
    assert not shard["mask_30"].any()
    image, mask, _ = anisotropic_volume(seed=0)
    np.testing.assert_array_equal(shard["image_5"][1], channel_image(image, 1)[5])
    np.testing.assert_array_equal(shard["mask_5"], mask[5])
    # Viewer objects: every channel; a mask only for labelled cases; on the input's own grid.
    objects = inspection.objects
    assert {"cases/00000/image.nii.gz", "cases/00000/image_1.nii.gz", "cases/00000/mask.nii.gz"} <= set(
        objects
    )
    assert "cases/00002/image_1.nii.gz" in objects and "cases/00002/mask.nii.gz" not in objects
    written = _nifti(objects["cases/00000/mask.nii.gz"].data)
    np.testing.assert_array_equal(np.asarray(written.dataobj), xyz(mask))
    assert written.header.get_zooms() == pytest.approx((0.8, 0.8, 2.5))


def test_msd_v1_dataset_json_and_4d_channels() -> None:
    files = msd_files(cases=2, channels=2, with_test=0, v1=True, labels={0: "background", 1: "edema"})
    result = inspect_bytes(zip_bytes(files)).result
    assert list(result.errors) == [], list(result.errors)
    assert [c.name for c in result.cases] == ["case_001", "case_002"]
    assert result.cases[0].channels == 2 and result.stats.channels == 2
    assert [(x.value, x.name) for x in result.labels] == [(0, "background"), (1, "edema"), (2, "")]
    assert list(result.fingerprint.channel_names) == ["T1", "T2"]
    assert list(result.cases[0].geometry.spacing) == pytest.approx([2.5, 0.8, 0.8])


def test_labels_json_names_and_colours_in_the_images_masks_layout() -> None:
    labels = {"1": {"name": "Liver", "color": "#F00"}, "2": "tumour"}
    files = {
        "images/a.png": png_bytes(np.full((33, 35), 100, np.uint8)),
        "masks/a.png": png_bytes(label_mask(labels=(1, 2))),
        "labels.json": json.dumps(labels).encode(),
    }
    result = inspect_bytes(zip_bytes(files)).result
    assert list(result.errors) == [] and list(result.warnings) == []
    assert result.layout == "images-masks"
    assert [(x.value, x.name, x.color) for x in result.labels] == [
        (0, "", ""),
        (1, "Liver", "#ff0000"),
        (2, "tumour", ""),
    ]
    # Each 2D image is a one-slice case without geometry, outside the (3D) fingerprint.
    assert result.cases and all(c.depth == 1 and not c.HasField("geometry") for c in result.cases)
    assert not result.HasField("fingerprint")


def _refusal(files: dict[str, bytes]) -> str:
    result = inspect_bytes(zip_bytes(files)).result
    assert len(result.errors) == 1 and not result.pairs, list(result.errors)
    return result.errors[0]


def test_refuses_a_case_with_fewer_channels() -> None:
    files = msd_files(cases=2, channels=2, with_test=0)
    del files["Task01_Test/imagesTr/case_002_0001.nii.gz"]
    assert "Case case_002 has 1 channel file(s) but dataset.json names 2" in _refusal(files)
    files["Task01_Test/dataset.json"] = b"{}"
    assert "where other cases have 2" in _refusal(files)


def test_refuses_a_channel_gap_and_mixed_naming() -> None:
    files = msd_files(cases=1, channels=3, with_test=0)
    del files["Task01_Test/imagesTr/case_001_0001.nii.gz"]
    assert "_0000, _0002" in _refusal(files)
    files = msd_files(cases=1, channels=1, with_test=0)
    files["Task01_Test/imagesTr/other.nii.gz"] = files["Task01_Test/imagesTr/case_001_0000.nii.gz"]
    assert "mix files with and without a channel suffix" in _refusal(files)


def test_refuses_a_label_without_an_image() -> None:
    files = msd_files(cases=1, channels=1, with_test=0)
    files["Task01_Test/labelsTr/case_009.nii.gz"] = files["Task01_Test/labelsTr/case_001.nii.gz"]
    message = _refusal(files)
    assert "labelsTr/case_009.nii.gz" in message and "without an image" in message


def test_refuses_channels_on_different_grids() -> None:
    files = msd_files(cases=1, channels=2, with_test=0)
    image, _, affine = anisotropic_volume()
    shifted = affine.copy()
    shifted[:3, 3] += 5.0
    files["Task01_Test/imagesTr/case_001_0001.nii.gz"] = nifti_bytes(xyz(image), shifted)
    message = _refusal(files)
    assert "case_001_0001.nii.gz" in message and "same voxel grid" in message


def test_refuses_dataset_json_that_is_not_json() -> None:
    files = msd_files(cases=1, channels=1, with_test=0)
    files["Task01_Test/dataset.json"] = b"{labels: oops"
    assert "dataset.json is not valid JSON" in _refusal(files)


def test_an_image_without_a_label_is_left_out_with_a_warning() -> None:
    files = msd_files(cases=2, channels=1, with_test=0)
    del files["Task01_Test/labelsTr/case_002.nii.gz"]
    inspection = inspect_bytes(zip_bytes(files))
    assert [c.name for c in inspection.result.cases] == ["case_001"]
    assert "put unlabeled cases in imagesTs/" in inspection.warning_for(
        "Task01_Test/imagesTr/case_002_0000.nii.gz"
    )


def test_dataset_json_beside_the_folders_is_not_a_stray_file_and_macos_junk_is_ignored() -> None:
    files = msd_files(cases=1, channels=1, with_test=0, root="")
    files["__MACOSX/imagesTr/._case_001_0000.nii.gz"] = b"junk"
    files["imagesTr/.DS_Store"] = b"junk"
    result = inspect_bytes(zip_bytes(files)).result
    assert list(result.errors) == [] and list(result.warnings) == []
    assert result.cases[0].image_paths[0] == "imagesTr/case_001_0000.nii.gz"
    assert result.cases[0].modality == "T1"
