"""DICOM-SEG round trip: written on a DICOM series, opened by pydicom and highdicom, read back as labels."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import highdicom as hd
import numpy as np
import pydicom
import pytest
from pydicom.sr.codedict import codes
from pydicom.uid import generate_uid
from test_dicom_series import SPACING, edit, write_series
from volume_factory import anisotropic_volume

from medseg_ml.io.budget import BudgetError, DecodeBudget
from medseg_ml.io.decoded import DICOM_SEG, DecodedImage, DecodeError
from medseg_ml.io.dicom_seg import decode_dicom_seg
from medseg_ml.io.dicom_series import decode_series
from medseg_ml.volumes.dicom_seg_out import dicom_seg_bytes

NAMES = {1: "liver", 2: "tumour"}


@pytest.fixture
def series(tmp_path: Path) -> tuple[list[Path], DecodedImage, np.ndarray]:
    image, mask, _ = anisotropic_volume((6, 10, 12), SPACING)
    paths = write_series(tmp_path / "series", image)
    return paths, decode_series(paths, as_mask=False, budget=DecodeBudget()), mask


def write_seg(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "seg.dcm"
    path.write_bytes(data)
    return path


def test_round_trip_through_pydicom_highdicom_and_the_decoder(tmp_path: Path, series) -> None:
    paths, source, mask = series
    path = write_seg(tmp_path, dicom_seg_bytes(paths, mask, source.grid, NAMES))

    opened = pydicom.dcmread(path)
    assert opened.Modality == "SEG" and opened.SegmentationType == "BINARY"
    assert [s.SegmentLabel for s in opened.SegmentSequence] == ["liver", "tumour"]
    assert {s.SegmentAlgorithmType for s in opened.SegmentSequence} == {"AUTOMATIC"}
    assert opened.SegmentSequence[0].SegmentAlgorithmName == "MedSeg"
    assert opened.ReferencedSeriesSequence[0].SeriesInstanceUID == source.series_instance_uid

    seg = hd.seg.segread(path)
    per_slice = seg.get_pixels_by_source_instance(
        list(source.sop_instance_uids), combine_segments=True, assert_missing_frames_are_empty=True
    )
    np.testing.assert_array_equal(per_slice, mask)  # source slice k is display slice k on this grid

    decoded = decode_dicom_seg(path, source, budget=DecodeBudget())
    assert decoded.format == DICOM_SEG and decoded.grid is source.grid
    assert decoded.labels == ((1, "liver"), (2, "tumour"))
    np.testing.assert_array_equal(decoded.pixels[:, 0], mask)
    # Placed by plane positions when the source does not know its slices' UIDs (e.g. a NIfTI of it).
    by_position = decode_dicom_seg(path, replace(source, sop_instance_uids=()), budget=DecodeBudget())
    np.testing.assert_array_equal(by_position.pixels[:, 0], mask)


def test_label_values_with_gaps_come_back_and_other_tools_see_consecutive_segments(
    tmp_path: Path, series
) -> None:
    paths, source, mask = series
    labels = np.choose(mask, [0, 2001, 4101]).astype(np.int64)
    path = write_seg(tmp_path, dicom_seg_bytes(list(reversed(paths)), labels, source.grid, {4101: "cortex"}))
    opened = pydicom.dcmread(path)
    assert [int(s.SegmentNumber) for s in opened.SegmentSequence] == [1, 2]
    assert [s.SegmentLabel for s in opened.SegmentSequence] == ["label 2001", "cortex"]
    decoded = decode_dicom_seg(path, source, budget=DecodeBudget())
    np.testing.assert_array_equal(decoded.pixels[:, 0], labels)
    assert decoded.labels == ((2001, "label 2001"), (4101, "cortex"))


def test_empty_prediction_still_writes_a_seg(tmp_path: Path, series) -> None:
    paths, source, mask = series
    path = write_seg(tmp_path, dicom_seg_bytes(paths, np.zeros_like(mask), source.grid, NAMES))
    assert [s.SegmentLabel for s in pydicom.dcmread(path).SegmentSequence] == ["liver"]
    assert not decode_dicom_seg(path, source, budget=DecodeBudget()).pixels.any()


def test_overlapping_segments_the_higher_number_wins(tmp_path: Path, series) -> None:
    paths, source, _ = series
    stacked = np.zeros((6, 10, 12, 2), dtype=bool)
    stacked[2, 2:6, 2:6, 0] = True
    stacked[2, 4:8, 4:8, 1] = True
    description = {
        "segmented_property_category": codes.SCT.Tissue,
        "segmented_property_type": codes.SCT.Tissue,
        "algorithm_type": hd.seg.SegmentAlgorithmTypeValues.MANUAL,
    }
    sources = sorted((pydicom.dcmread(p) for p in paths), key=lambda d: d.InstanceNumber)
    for keyword in ("PatientBirthDate", "PatientSex", "AccessionNumber", "StudyID", "StudyDate", "StudyTime"):
        setattr(sources[0], keyword, "")
    seg = hd.seg.Segmentation(
        source_images=sources,
        pixel_array=stacked.astype(np.uint8),
        segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
        segment_descriptions=[
            hd.seg.SegmentDescription(segment_number=n, segment_label=f"s{n}", **description) for n in (1, 2)
        ],
        series_instance_uid=generate_uid(),
        series_number=5,
        sop_instance_uid=generate_uid(),
        instance_number=1,
        manufacturer="test",
        manufacturer_model_name="test",
        software_versions="1",
        device_serial_number="1",
    )
    path = tmp_path / "overlap.dcm"
    seg.save_as(path)
    for image in (source, replace(source, sop_instance_uids=())):
        slice_two = decode_dicom_seg(path, image, budget=DecodeBudget()).pixels[2, 0]
        assert slice_two[3, 3] == 1 and slice_two[5, 5] == 2 and slice_two[7, 7] == 2
        assert slice_two.sum() == 12 + 2 * 16


def test_not_a_seg_and_over_budget_are_refused(tmp_path: Path, series) -> None:
    paths, source, mask = series
    with pytest.raises(DecodeError, match="Is not a DICOM-SEG"):
        decode_dicom_seg(paths[0], source, budget=DecodeBudget())
    path = write_seg(tmp_path, dicom_seg_bytes(paths, mask, source.grid, NAMES))
    with pytest.raises(BudgetError):
        decode_dicom_seg(path, source, budget=DecodeBudget(max_volume_bytes=500))
    with pytest.raises(ValueError, match="do not fit"):
        dicom_seg_bytes(paths[:3], mask, source.grid, NAMES)


def test_round_trip_on_a_series_whose_display_order_is_not_its_file_order(tmp_path: Path) -> None:
    image, mask, _ = anisotropic_volume((6, 10, 12), SPACING)
    paths = write_series(tmp_path / "series", image)
    for path in paths:
        edit(path, ImageOrientationPatient=[-1, 0, 0, 0, -1, 0])
    source = decode_series(paths, as_mask=False, budget=DecodeBudget())
    assert source.grid is not None
    np.testing.assert_array_equal(source.pixels[:, 0], image[:, ::-1, ::-1])  # shown flipped back
    display_mask = mask[:, ::-1, ::-1]
    path = write_seg(tmp_path, dicom_seg_bytes(paths, display_mask, source.grid, NAMES))
    per_slice = hd.seg.segread(path).get_pixels_by_source_instance(
        list(source.sop_instance_uids), combine_segments=True, assert_missing_frames_are_empty=True
    )
    np.testing.assert_array_equal(per_slice, mask)  # on each file's own pixels
    for image_source in (source, replace(source, sop_instance_uids=())):
        decoded = decode_dicom_seg(path, image_source, budget=DecodeBudget())
        np.testing.assert_array_equal(decoded.pixels[:, 0], display_mask)
