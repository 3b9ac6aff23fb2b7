"""Cases of volumes: geometry in mm, label volumes, intensities, the fingerprint, and memory."""

from __future__ import annotations

import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from archive_factory import zip_bytes
from inspect_run import inspect_bytes
from volume_factory import anisotropic_volume, msd_files, nifti_bytes, xyz

from medseg_ml.datasets.case_stats import PERCENTILES
from medseg_ml.datasets.inspect import inspect_archive
from medseg_ml.datasets.limits import ArchiveLimits


def _volume_archive(count: int, shape=(12, 40, 48), spacing=(2.5, 0.8, 0.8)) -> bytes:
    files = {}
    for i in range(count):
        image, mask, affine = anisotropic_volume(shape, spacing, seed=i)
        files[f"images/vol{i}.nii.gz"] = nifti_bytes(xyz(image), affine)
        files[f"masks/vol{i}.nii.gz"] = nifti_bytes(xyz(mask), affine)
    return zip_bytes(files)


def test_anisotropic_case_geometry_label_volumes_and_intensities() -> None:
    result = inspect_bytes(_volume_archive(1)).result
    assert list(result.errors) == [] and result.layout == "images-masks"
    (case,) = result.cases
    image, mask, affine = anisotropic_volume()
    assert (case.name, case.index, case.first_pair, case.channels) == ("vol0", 0, 0, 1)
    assert list(case.image_paths) == ["images/vol0.nii.gz"] and case.mask_path == "masks/vol0.nii.gz"
    assert list(case.geometry.spacing) == pytest.approx([2.5, 0.8, 0.8])
    assert list(case.geometry.source_shape) == [48, 40, 12]
    np.testing.assert_allclose(np.reshape(case.geometry.source_affine, (4, 4)), affine)
    voxel_ml = 2.5 * 0.8 * 0.8 / 1000
    for entry in case.label_voxels:
        assert entry.voxels == int((mask == entry.value).sum())
        assert entry.volume_ml == pytest.approx(entry.voxels * voxel_ml)
    assert [v.value for v in case.label_voxels] == [0, 1, 2]
    foreground = image[mask > 0].astype(np.float64)
    (stats,) = case.intensities
    assert stats.mean == pytest.approx(foreground.mean())
    assert stats.std == pytest.approx(foreground.std())
    assert (stats.min, stats.max) == (foreground.min(), foreground.max())
    assert [stats.p005, stats.p50, stats.p995] == pytest.approx(np.percentile(foreground, PERCENTILES))
    assert all(p.case_index == 0 and p.volume == "vol0" for p in result.pairs)


def test_fingerprint_pools_the_cases() -> None:
    shapes = [
        ((10, 40, 48), (2.5, 0.8, 0.8)),
        ((12, 36, 40), (3.0, 0.7, 0.7)),
        ((14, 40, 44), (2.0, 0.9, 0.9)),
    ]
    files = {}
    for i, (shape, spacing) in enumerate(shapes):
        image, mask, affine = anisotropic_volume(shape, spacing, seed=i)
        files[f"images/v{i}.nii.gz"] = nifti_bytes(xyz(image), affine)
        files[f"masks/v{i}.nii.gz"] = nifti_bytes(xyz(mask), affine)
    result = inspect_bytes(zip_bytes(files)).result
    fingerprint = result.fingerprint
    assert fingerprint.case_count == 3
    assert list(fingerprint.median_shape) == [12, 40, 44]
    assert list(fingerprint.median_spacing) == pytest.approx([2.5, 0.8, 0.8])
    assert list(fingerprint.min_spacing) == pytest.approx([2.0, 0.7, 0.7])
    assert list(fingerprint.max_spacing) == pytest.approx([3.0, 0.9, 0.9])
    totals: dict[int, int] = {}
    for case in result.cases:
        for entry in case.label_voxels:
            totals[entry.value] = totals.get(entry.value, 0) + entry.voxels
    fractions = {f.value: f.fraction for f in fingerprint.class_fractions}
    assert fractions == pytest.approx({v: n / sum(totals.values()) for v, n in totals.items()})
    (pooled,) = fingerprint.intensities
    low = min(c.intensities[0].min for c in result.cases)
    high = max(c.intensities[0].max for c in result.cases)
    assert low == pooled.min and pooled.max == high


def test_msd_fingerprint_names_channels_and_leaves_out_unlabeled_cases() -> None:
    result = inspect_bytes(zip_bytes(msd_files(cases=2, channels=2, with_test=1))).result
    fingerprint = result.fingerprint
    assert fingerprint.case_count == 2
    assert list(fingerprint.channel_names) == ["T1", "T2"]
    assert [i.channel for i in fingerprint.intensities] == [0, 1]
    assert fingerprint.intensities[1].mean > fingerprint.intensities[0].mean


def _peak_bytes(archive: bytes) -> int:
    """Peak traced memory of an inspection whose streamed objects are dropped as they come."""
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "archive.zip"
        path.write_bytes(archive)
        tracemalloc.start()
        try:
            for event in inspect_archive(path, ArchiveLimits(), Path(work), shard_target_bytes=1):
                del event
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_inspection_holds_one_case_at_a_time() -> None:
    shape = (16, 96, 96)
    _peak_bytes(_volume_archive(1, shape))  # first-use allocations (imports, caches) out of the way
    one = _peak_bytes(_volume_archive(1, shape))
    five = _peak_bytes(_volume_archive(5, shape))
    # Holding every case would add four cases' int16 image + uint8 mask (and their copies).
    case_bytes = int(np.prod(shape)) * (2 + 1)
    assert five < one + case_bytes, (one, five, case_bytes)


def _nifti(inspection, path: str):  # type: ignore[no-untyped-def]
    import gzip

    import nibabel as nib

    return nib.Nifti1Image.from_bytes(gzip.decompress(inspection.objects[path].data))


def test_every_2d_image_is_a_one_slice_case_with_viewer_objects() -> None:
    from archive_factory import case_png_8bit, case_png_rgb
    from inspect_run import inspect_bytes

    inspection = inspect_bytes(case_png_8bit())
    result = inspection.result
    assert [c.depth for c in result.cases] == [1] * len(result.pairs)
    assert [p.case_index for p in result.pairs] == [c.index for c in result.cases]
    assert all(p.volume == "" for p in result.pairs) and result.stats.volume_count == 0
    case = result.cases[0]
    assert _nifti(inspection, "cases/00000/image.nii.gz").shape == (1, case.height, case.width)
    assert "cases/00000/mask.nii.gz" in inspection.objects
    colour = inspect_bytes(case_png_rgb())
    image = _nifti(colour, "cases/00000/image.nii.gz")
    assert image.get_data_dtype().names == ("R", "G", "B")
    assert "cases/00000/image_1.nii.gz" not in colour.objects


def test_an_image_without_a_mask_is_an_unlabeled_case() -> None:
    from archive_factory import case_unpaired
    from inspect_run import inspect_bytes

    result = inspect_bytes(case_unpaired()).result
    unlabeled = [c for c in result.cases if c.unlabeled]
    assert len(unlabeled) == 1 and unlabeled[0].depth == 1 and unlabeled[0].mask_path == ""
    pair = next(p for p in result.pairs if p.case_index == unlabeled[0].index)
    assert pair.unlabeled and list(pair.labels) == [] and result.stats.unlabeled_count == 1
    assert not any("Has no mask" in w.reason for w in result.warnings)
