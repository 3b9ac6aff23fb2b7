"""Real data: the Colin27 head with the AAL atlas in the MSD layout, as scripts/sample-data.py builds it.

Cropped to source slices 30..124, which still hold every one of the 116 AAL regions, so the test stays
a few seconds on two cores.
"""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from archive_factory import zip_bytes
from inspect_run import inspect_bytes

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "scripts" / "sample-data.py"
Z_RANGE = (30, 125)


def _sample_data():
    spec = importlib.util.spec_from_file_location("sample_data", SAMPLE_DATA)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_colin27_aal_msd_archive() -> None:
    sample_data = _sample_data()
    files = sample_data.msd_files("aal", Z_RANGE)
    inspection = inspect_bytes(zip_bytes(files))
    result = inspection.result
    assert list(result.errors) == [] and list(result.warnings) == [], list(result.errors)
    assert result.layout == "msd"
    (case,) = result.cases
    depth = Z_RANGE[1] - Z_RANGE[0]
    assert case.name == "colin27" and (case.depth, case.height, case.width) == (depth, 217, 181)
    assert list(case.geometry.spacing) == pytest.approx([1.0, 1.0, 1.0])
    assert list(case.geometry.source_shape) == [181, 217, depth]
    assert len(result.pairs) == depth and {p.case_index for p in result.pairs} == {0}
    names = sample_data.aal_names()
    assert len(names) == 116
    assert [(x.value, x.name) for x in result.labels] == [(0, "background"), *sorted(names.items())]
    assert names[1] == "Precentral_L"
    voxels = {v.value: v for v in case.label_voxels}
    assert voxels[1].volume_ml == pytest.approx(voxels[1].voxels / 1000)
    fingerprint = result.fingerprint
    assert list(fingerprint.median_spacing) == pytest.approx([1.0, 1.0, 1.0])
    assert list(fingerprint.channel_names) == ["T1"]
    assert sum(f.fraction for f in fingerprint.class_fractions) == pytest.approx(1.0)
    # The viewer's mask is the atlas itself, voxel for voxel on its own grid.
    mask = nib.Nifti1Image.from_bytes(gzip.decompress(inspection.objects["cases/00000/mask.nii.gz"].data))
    atlas = nib.Nifti1Image.from_bytes(gzip.decompress(files["colin27-msd-aal/labelsTr/colin27.nii.gz"]))
    np.testing.assert_array_equal(np.asarray(mask.dataobj), np.asarray(atlas.dataobj))
    np.testing.assert_allclose(mask.affine, atlas.affine)
