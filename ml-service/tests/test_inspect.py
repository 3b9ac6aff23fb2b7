"""The whole inspection in-process, on every archive the factory builds."""

from __future__ import annotations

import io

import archive_factory as factory
import numpy as np
import pytest
from inspect_run import inspect_bytes
from PIL import Image
from safetensors.numpy import load

from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb


@pytest.mark.parametrize("case", factory.CASES, ids=[c.name for c in factory.CASES])
def test_factory_case_gives_expected_pairs(case: factory.ArchiveCase) -> None:
    inspection = inspect_bytes(case.build())
    result = inspection.result
    assert len(result.pairs) == case.pairs
    assert bool(result.errors) == case.refused, list(result.errors)
    if case.refused:
        # Unlabeled cases (an image without a mask) may be listed; nothing labelled to train on.
        assert all(p.unlabeled for p in result.pairs)
    assert [p.index for p in result.pairs] == list(range(case.pairs))
    for pair in result.pairs:
        assert pair.shard_path in inspection.objects
        assert (
            pair.thumbnail_path == f"thumbs/{pair.index:05d}.png"
            and pair.thumbnail_path in inspection.objects
        )
        assert (
            pair.preview_path == f"previews/{pair.index:05d}.png" and pair.preview_path in inspection.objects
        )


def test_png_dataset_objects_and_stats() -> None:
    inspection = inspect_bytes(factory.case_png_8bit())
    result = inspection.result
    assert list(result.errors) == [] and list(result.warnings) == []
    first = result.pairs[0]
    assert (first.name, first.image_path, first.mask_path) == (
        "case_000",
        "images/case_000.png",
        "masks/case_000.png",
    )
    assert (first.image_format, first.mask_format) == (pb.IMAGE_FORMAT_PNG, pb.IMAGE_FORMAT_PNG)
    assert (first.width, first.height, first.channels) == (35, 33, 1)
    assert (first.volume, first.slice_index, first.slice_count) == ("", 0, 1)
    assert list(first.labels) == [0, 1]
    stats = result.stats
    assert (stats.pair_count, stats.volume_count, stats.channels, stats.class_count) == (3, 0, 1, 2)
    assert list(stats.label_values) == [0, 1]
    assert [(s.width, s.height, s.count) for s in stats.sizes] == [(35, 33, 3)]
    assert [(f.name, f.count) for f in stats.formats] == [("PNG", 3)]
    assert stats.entry_count == 6
    assert stats.uncompressed_bytes > 0
    shard = inspection.objects["data/shard-00000.safetensors"]
    assert stats.normalized_bytes == len(shard.data)
    assert shard.content_type == "application/octet-stream"
    tensors = load(shard.data)
    assert tensors["image_2"].shape == (1, 33, 35) and tensors["image_2"].dtype == np.uint8
    assert tensors["mask_2"].shape == (33, 35) and set(np.unique(tensors["mask_2"])) == {0, 1}
    thumb = Image.open(io.BytesIO(inspection.objects["thumbs/00000.png"].data))
    assert thumb.format == "PNG" and thumb.size == (35, 33)


def test_progress_runs_through_the_phases_in_order() -> None:
    progress = inspect_bytes(factory.case_png_8bit()).progress
    phases = [p.phase for p in progress]
    assert phases == sorted(phases)
    assert phases[0] == pb.INSPECT_PHASE_SCANNING
    last = progress[-1]
    assert (last.phase, last.done, last.total) == (pb.INSPECT_PHASE_DECODING, 3, 3)


def test_volume_slices_become_pairs() -> None:
    result = inspect_bytes(factory.case_nifti()).result
    assert [p.name for p in result.pairs] == ["brain#z000", "brain#z001", "brain#z002", "brain#z003"]
    assert {(p.volume, p.slice_count, p.mask_path) for p in result.pairs} == {
        ("brain", 4, "masks/brain_seg.nii.gz")
    }
    assert [list(p.labels) for p in result.pairs] == [[0], [0, 1, 3], [0, 1, 3], [0, 1, 3]]
    assert result.stats.volume_count == 1
    assert list(result.stats.label_values) == [0, 1, 3]


def test_multiframe_dicom_shards_hold_each_frame() -> None:
    inspection = inspect_bytes(factory.case_dicom_multiframe())
    result = inspection.result
    assert result.stats.volume_count == 1
    assert [(m.name, m.count) for m in result.stats.modalities] == [("MR", 5)]
    tensors = load(inspection.objects["data/shard-00000.safetensors"].data)
    for z in range(5):
        assert tensors[f"image_{z}"].shape == (1, 33, 35)
        assert set(np.unique(tensors[f"mask_{z}"])) == {0, z % 2 + 1}


def test_rgb_dataset_has_three_channels() -> None:
    inspection = inspect_bytes(factory.case_png_rgb())
    assert inspection.result.stats.channels == 3
    assert inspection.result.pairs[0].mask_path == "masks/photo0_mask.png"
    assert load(inspection.objects["data/shard-00000.safetensors"].data)["image_0"].shape == (3, 33, 35)


def test_sixteen_bit_and_dicom_keep_their_values() -> None:
    inspection = inspect_bytes(factory.case_dicom())
    tensors = load(inspection.objects["data/shard-00000.safetensors"].data)
    names = {p.name: p.index for p in inspection.result.pairs}
    ct = tensors[f"image_{names['ct1']}"]
    assert ct.dtype == np.int16 and ct.min() < 0, "CT is stored in Hounsfield units"
    assert list(inspection.result.pairs[names["IM0002"]].labels) == [0, 2]
    assert {(f.name, f.count) for f in inspection.result.stats.formats} == {("DICOM", 2)}


def test_mixed_formats_and_subfolders() -> None:
    result = inspect_bytes(factory.case_mixed()).result
    assert [p.name for p in result.pairs] == ["b", "p1/a", "p2/a", "vol#z000", "vol#z001", "vol#z002"]
    assert {(f.name, f.count) for f in result.stats.formats} == {
        ("DICOM", 1),
        ("PNG", 1),
        ("JPEG", 1),
        ("NIfTI", 3),
    }
    assert [w.path for w in result.warnings] == ["README.txt"]


def test_mask_problems_are_per_file_warnings() -> None:
    inspection = inspect_bytes(factory.case_mask_problems())
    assert inspection.warning_for("masks/colour.png").startswith("Is a colour image")
    assert inspection.warning_for("masks/fraction.nii").startswith("Holds non-integer values such as 0.5")
    assert inspection.warning_for("images/four_d.nii.gz").startswith("Is 4D (35x33x2x3)")
    assert "binarized at 128" in inspection.warning_for("masks/lossy.jpg")
    names = {p.name: p for p in inspection.result.pairs}
    assert list(names["lossy"].labels) == [0, 1]
    assert list(names["palette"].labels) == [0, 2, 3]


def test_mismatched_shapes_name_both_sizes() -> None:
    inspection = inspect_bytes(factory.case_mismatched_shapes())
    assert inspection.warning_for("masks/case_007.png").startswith(
        "Mask masks/case_007.png is 32x64 but its image is 64x64"
    )


def test_volume_mask_with_other_slice_count_is_refused() -> None:
    image = factory.nifti_bytes(np.zeros((35, 33, 4), np.int16))
    mask = factory.nifti_bytes(np.zeros((35, 33, 3), np.uint8))
    inspection = inspect_bytes(factory.zip_bytes({"images/v.nii.gz": image, "masks/v.nii.gz": mask}))
    assert inspection.warning_for("masks/v.nii.gz").startswith(
        "Mask masks/v.nii.gz is 35x33 with 3 slices but its image is 35x33 with 4 slices"
    )


def test_no_valid_pair_is_an_error_pointing_to_warnings() -> None:
    result = inspect_bytes(factory.case_no_pairs()).result
    assert list(result.errors) == [
        "No valid image/mask pair: none of the 1 images has a mask with the same name in masks/; "
        "see the warnings for each file"
    ]


def test_all_pairs_failing_is_an_error() -> None:
    files = {"images/a.png": b"garbage", "masks/a.png": factory.png_bytes(factory.label_mask())}
    result = inspect_bytes(factory.zip_bytes(files)).result
    assert result.errors[0].startswith("No valid image/mask pair: all 1 image/mask pairs failed")
    assert result.warnings[0].path == "images/a.png"


def test_pixel_limit_skips_large_slices() -> None:
    inspection = inspect_bytes(factory.case_mismatched_shapes(), ArchiveLimits(max_pixels_per_slice=2000))
    assert [p.name for p in inspection.result.pairs] == ["case_000"]
    warning = inspection.warning_for("images/case_007.png")
    assert "over the limit of 2000 (MEDSEG_DATASET_MAX_PIXELS_PER_SLICE)" in warning


def test_shards_are_cut_by_size() -> None:
    pair_bytes = 2 * 33 * 35  # uint8 image and uint8 mask
    inspection = inspect_bytes(factory.case_png_8bit(), shard_target_bytes=2 * pair_bytes)
    shards = sorted(p for p in inspection.objects if p.startswith("data/"))
    assert shards == ["data/shard-00000.safetensors", "data/shard-00001.safetensors"]
    assert [p.shard_path for p in inspection.result.pairs] == [shards[0], shards[0], shards[1]]
    assert inspection.result.stats.normalized_bytes == sum(len(inspection.objects[s].data) for s in shards)
    assert sorted(load(inspection.objects[shards[1]].data)) == ["image_2", "mask_2"]


def test_previews_shrink_wide_images() -> None:
    files = {
        "images/wide.png": factory.png_bytes(factory.gradient(100, 1030).astype(np.uint8)),
        "masks/wide.png": factory.png_bytes(factory.label_mask(100, 1030)),
    }
    objects = inspect_bytes(factory.zip_bytes(files)).objects
    assert Image.open(io.BytesIO(objects["previews/00000.png"].data)).size == (512, 50)
    assert Image.open(io.BytesIO(objects["thumbs/00000.png"].data)).size == (160, 16)


def test_refused_archive_streams_no_objects() -> None:
    inspection = inspect_bytes(factory.case_traversal())
    assert inspection.objects == {}
    assert inspection.result.stats.pair_count == 0
