"""The shared volume fixtures say what they hold: display order, spacing and the series' own grid."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest

from medseg_ml.volumes.grid import VolumeGrid
from tests.volume_factory import (
    anisotropic_volume,
    dicom_series_files,
    msd_archive,
    nifti_file,
    series_affine,
    xyz,
)


def test_anisotropic_volume_round_trips_through_a_nifti_file(tmp_path: Path) -> None:
    image, mask, affine = anisotropic_volume()
    path = nifti_file(tmp_path / "v.nii.gz", xyz(image), affine)
    loaded = nib.load(path)
    grid = VolumeGrid.create(loaded.shape, loaded.affine)
    np.testing.assert_array_equal(grid.to_display(np.asarray(loaded.dataobj)), image)
    assert grid.spacing == pytest.approx((2.5, 0.8, 0.8))
    assert set(np.unique(mask)) == {0, 1, 2}


def test_dicom_series_slices_sit_on_the_mask_grid() -> None:
    files, uids = dicom_series_files({"case1": 2})
    assert len(uids["case1"]) == 2
    image, mask, _ = anisotropic_volume()
    grid = VolumeGrid.create(mask.transpose(2, 1, 0).shape, series_affine())
    np.testing.assert_array_equal(grid.to_display(mask.transpose(2, 1, 0)), mask)
    slices = [pydicom.dcmread(io.BytesIO(data)) for name, data in files.items() if name.endswith(".dcm")]
    first = [s for s in slices if s.SeriesInstanceUID == uids["case1"][0]]
    k = 5
    (ds,) = [s for s in first if s.InstanceNumber == k + 1]
    assert float(ds.ImagePositionPatient[2]) == pytest.approx(k * 2.5)
    np.testing.assert_array_equal(ds.pixel_array, image[k])


def test_msd_archive_names_channels_labels_and_test_cases(tmp_path: Path) -> None:
    path = msd_archive(tmp_path / "msd.zip", cases=2, channels=2, with_test=1)
    names = set(zipfile.ZipFile(path).namelist())
    assert "Task01_Test/imagesTr/case_002_0001.nii.gz" in names
    assert "Task01_Test/labelsTr/case_002.nii.gz" in names
    assert "Task01_Test/imagesTs/case_101_0000.nii.gz" in names
    assert not any("labelsTr/case_101" in n for n in names)
