"""Decode budgets: crafted headers and bombs are refused, from their headers, before memory is spent."""

from __future__ import annotations

import gzip
import io
import tracemalloc
import zlib
from pathlib import Path

import archive_factory as factory
import numpy as np
import pytest
from crafted_files import CraftedFile, crafted_archive, crafted_files, dicom_deflate_bomb
from inspect_run import inspect_bytes

from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.io.budget import BudgetError, DecodeBudget, inflate_capped
from medseg_ml.io.decode import decode_file, split_extension
from medseg_ml.io.decoded import DecodeError

# Python's allocator and numpy report to tracemalloc: a decoder that allocated what a header claims
# would show gigabytes here.
MAX_TRACED_BYTES = 48 * 1024 * 1024


def decode(tmp_path: Path, name: str, data: bytes, budget: DecodeBudget | None = None):
    path = tmp_path / name
    path.write_bytes(data)
    return decode_file(path, split_extension(name)[1], as_mask=False, budget=budget or DecodeBudget())


@pytest.mark.parametrize("crafted", crafted_files(), ids=lambda c: c.name)
def test_crafted_file_is_refused_with_its_reason_without_allocating(
    tmp_path: Path, crafted: CraftedFile
) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(DecodeError) as caught:
            decode(tmp_path, crafted.name, crafted.data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert crafted.reason in str(caught.value)
    assert str(tmp_path) not in str(caught.value)
    assert peak < MAX_TRACED_BYTES, f"decoding {crafted.name} traced {peak / 2**20:.0f} MiB"
    assert sorted(p.name for p in tmp_path.iterdir()) == [crafted.name], "scratch files left behind"


def test_crafted_files_are_small() -> None:
    assert all(len(c.data) < 8 * 1024 * 1024 for c in crafted_files())


def test_volume_limit_names_the_size_and_the_setting(tmp_path: Path) -> None:
    volume = np.zeros((64, 64, 10), np.int16)
    with pytest.raises(BudgetError) as caught:
        decode(
            tmp_path, "v.nii", factory.nifti_bytes(volume, gz=False), DecodeBudget(max_volume_bytes=50_000)
        )
    assert str(caught.value) == (
        "Needs 81920 bytes decoded (64x64, 10 slice(s), 1 channel(s) of 2 byte(s)), over the 50000 bytes "
        "limit (MEDSEG_DATASET_MAX_VOLUME_MB); downscale or split it, or raise the limit"
    )


def test_slice_limit_applies_to_nifti_and_dicom_frames(tmp_path: Path) -> None:
    budget = DecodeBudget(max_slices_per_file=3)
    with pytest.raises(
        BudgetError, match=r"Has 4 slices, over the limit of 3 \(MEDSEG_DATASET_MAX_SLICES_PER_FILE\)"
    ):
        decode(tmp_path, "v.nii.gz", factory.nifti_bytes(np.zeros((8, 9, 4), np.uint8)), budget)
    frames = factory.dicom_bytes(np.zeros((4, 9, 8), np.uint16))
    with pytest.raises(BudgetError, match="Has 4 slices, over the limit of 3"):
        decode(tmp_path, "f.dcm", frames, budget)
    assert (
        decode(tmp_path, "ok.nii.gz", factory.nifti_bytes(np.zeros((8, 9, 3), np.uint8)), budget).slice_count
        == 3
    )


def test_truncated_nifti_is_refused_before_its_voxels_are_allocated(tmp_path: Path) -> None:
    data = factory.nifti_bytes(np.ones((64, 64, 8), np.int16), gz=False)
    with pytest.raises(DecodeError, match="Is truncated: its header describes voxels up to byte"):
        decode(tmp_path, "t.nii", data[: len(data) // 2])


def test_file_larger_than_any_volume_in_budget_is_refused(tmp_path: Path) -> None:
    budget = DecodeBudget(max_volume_bytes=1024)
    with pytest.raises(
        BudgetError, match=r"Is 17.0 MiB, over the 16.0 MiB a file may hold \(MEDSEG_DATASET_MAX"
    ):
        decode(tmp_path, "big.png", b"\x89PNG" + bytes(17 * 1024 * 1024), budget)


def test_deflated_dicom_within_budget_decodes(tmp_path: Path) -> None:
    """A legitimate deflated data set still reads: inflated under the cap, never whole in memory."""
    pixels = np.arange(9 * 8, dtype=np.uint16).reshape(9, 8)
    plain = factory.dicom_bytes(pixels)
    from pydicom import dcmread
    from pydicom.uid import DeflatedExplicitVRLittleEndian

    ds = dcmread(io.BytesIO(plain))
    ds.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    decoded = decode(tmp_path, "d.dcm", out.getvalue())
    np.testing.assert_array_equal(decoded.pixels[0, 0], pixels)


def test_deflate_bomb_stops_a_few_megabytes_in(tmp_path: Path) -> None:
    path = tmp_path / "bomb.dcm"
    path.write_bytes(dicom_deflate_bomb())
    with pytest.raises(BudgetError, match="inflates to more than 16.0 MiB"):
        decode_file(path, ".dcm", as_mask=False, budget=DecodeBudget())


def test_inflate_capped_reads_every_gzip_member_under_one_cap() -> None:
    data = gzip.compress(b"a" * 1000) + gzip.compress(b"b" * 1000)
    out = io.BytesIO()
    assert (
        inflate_capped(io.BytesIO(data), out, 2000, wbits=16 + zlib.MAX_WBITS, what="its gzip stream") == 2000
    )
    assert out.getvalue() == b"a" * 1000 + b"b" * 1000
    with pytest.raises(BudgetError, match="Its gzip stream inflates to more than 1999 bytes"):
        inflate_capped(
            io.BytesIO(data), io.BytesIO(), 1999, wbits=16 + zlib.MAX_WBITS, what="its gzip stream"
        )


def test_inspection_warns_for_each_crafted_file_and_keeps_the_valid_pair() -> None:
    inspection = inspect_bytes(crafted_archive())
    assert inspection.result.errors == []
    assert [p.name for p in inspection.result.pairs] == ["valid"]
    for crafted in crafted_files():
        assert crafted.reason in inspection.warning_for(f"images/{crafted.name}")


def test_pair_limit_refuses_the_dataset() -> None:
    inspection = inspect_bytes(factory.case_png_8bit(), ArchiveLimits(max_pairs=2))
    assert inspection.result.errors == [
        "The dataset has more than 2 image/mask pairs (each slice of a volume is one), over the limit "
        "(MEDSEG_DATASET_MAX_PAIRS); split it into smaller datasets or raise the limit"
    ]
    assert not inspection.result.pairs


def test_class_limit_skips_masks_with_too_many_labels() -> None:
    files = factory.png_pairs(1)
    files["masks/case_000.png"] = factory.png_bytes(factory.label_mask(labels=(1, 2)))
    inspection = inspect_bytes(factory.zip_bytes(files), ArchiveLimits(max_classes=2))
    assert "Has 3 distinct label values, over the limit of 2 classes (MEDSEG_DATASET_MAX_CLASSES)" in (
        inspection.warning_for("masks/case_000.png")
    )


def test_class_limit_refuses_a_dataset_whose_masks_add_up_to_too_many() -> None:
    files = factory.png_pairs(2)
    files["masks/case_001.png"] = factory.png_bytes(factory.label_mask(labels=(2,)))
    inspection = inspect_bytes(factory.zip_bytes(files), ArchiveLimits(max_classes=2))
    assert inspection.result.errors == [
        "The masks hold 3 distinct label values, over the limit of 2 classes (MEDSEG_DATASET_MAX_CLASSES); "
        "save masks with one value per class or raise the limit"
    ]


def test_pair_limit_counts_each_slice_of_a_volume() -> None:
    volume = np.zeros((8, 9, 4), np.uint8)
    mask = volume.copy()
    mask[2:6, 2:6] = 1
    files = {"images/vol.nii.gz": factory.nifti_bytes(volume), "masks/vol.nii.gz": factory.nifti_bytes(mask)}
    inspection = inspect_bytes(factory.zip_bytes(files), ArchiveLimits(max_pairs=3))
    assert inspection.result.errors[0].startswith("The dataset has more than 3 image/mask pairs")
    assert inspect_bytes(factory.zip_bytes(files), ArchiveLimits(max_pairs=4)).result.stats.pair_count == 4
