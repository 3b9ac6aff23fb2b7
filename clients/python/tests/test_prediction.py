"""Prediction: which endpoint and mask format fit the input, where the mask goes, masks as arrays."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import httpx
import pytest
from dto_bodies import MODEL_ID, RESULT_ID, segment_result, volume_result
from gateway_stub import Gateway

from medseg_client.connection import connect
from medseg_client.prediction import input_stem, predict_file

MASK = f"/api/inference-results/{RESULT_ID}/mask"


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("case_001.nii.gz", "case_001"),
        ("scan.NII", "scan"),
        ("series.zip", "series"),
        ("slice.v2.png", "slice.v2"),
        ("volume.nrrd", "volume"),
        ("odd", "odd"),
    ],
)
def test_takes_the_image_ending_off_the_name(name: str, stem: str) -> None:
    assert input_stem(Path(name)) == stem


def mask_file(request: httpx.Request) -> httpx.Response:
    fmt = request.url.params["format"]
    return httpx.Response(
        200, content=f"{fmt} mask".encode(), headers={"content-disposition": 'attachment; filename="x"'}
    )


def predict(tmp_path: Path, name: str, result: dict[str, object], endpoint: str, **options: object):
    source = tmp_path / name
    source.write_bytes(b"image bytes")
    gateway = Gateway()
    gateway.on("POST", f"/api/models/{MODEL_ID}/{endpoint}", lambda request: httpx.Response(200, json=result))
    gateway.on("GET", MASK, mask_file)
    api = connect("http://gateway.test", "secret", transport=gateway.transport())
    return predict_file(api, MODEL_ID, source, **options), gateway  # type: ignore[arg-type]


def test_a_nifti_volume_gets_a_nifti_mask(tmp_path: Path) -> None:
    prediction, gateway = predict(
        tmp_path, "case.nii.gz", volume_result(), "segment-volume", out_dir=tmp_path / "out"
    )
    assert prediction.mask_format == "nifti" and prediction.result_id == RESULT_ID
    assert prediction.mask_path == tmp_path / "out" / "case_mask.nii.gz"
    assert prediction.mask_path.read_bytes() == b"nifti mask"
    assert b'name="image"; filename="case.nii.gz"' in gateway.requests[0].content


def test_a_dicom_series_zip_gets_a_dicom_seg(tmp_path: Path) -> None:
    prediction, _ = predict(
        tmp_path, "series.zip", volume_result(hasDicomSeg=True), "segment-volume", out_dir=tmp_path
    )
    assert prediction.mask_format == "dicom-seg"
    assert prediction.mask_path == tmp_path / "series_seg.dcm"


def test_a_png_goes_to_the_2d_endpoint_and_gets_a_png(tmp_path: Path) -> None:
    prediction, gateway = predict(tmp_path, "slice.png", segment_result(), "segment", out_dir=tmp_path)
    assert prediction.mask_format == "png" and prediction.mask_path == tmp_path / "slice_mask.png"
    assert gateway.requests[0].url.path.endswith("/segment")


@pytest.mark.parametrize(("name", "endpoint"), [("slice.png", "segment"), ("case.nii.gz", "segment-volume")])
def test_test_time_mirroring_is_asked_only_when_wanted(tmp_path: Path, name: str, endpoint: str) -> None:
    result = segment_result() if endpoint == "segment" else volume_result()
    _, plain = predict(tmp_path, name, result, endpoint)
    assert "testTimeMirroring" not in plain.requests[0].url.params
    _, mirrored = predict(tmp_path, name, result, endpoint, test_time_mirroring=True)
    assert mirrored.requests[0].url.params["testTimeMirroring"] == "true"


def test_an_explicit_format_wins(tmp_path: Path) -> None:
    prediction, gateway = predict(
        tmp_path,
        "series.zip",
        volume_result(hasDicomSeg=True),
        "segment-volume",
        out_dir=tmp_path,
        mask_format="nifti",
    )
    assert prediction.mask_path == tmp_path / "series_mask.nii.gz"
    assert gateway.requests[-1].url.params["format"] == "nifti"


def test_a_png_mask_array_holds_label_values(tmp_path: Path) -> None:
    numpy = pytest.importorskip("numpy")
    image = pytest.importorskip("PIL.Image")
    indices = numpy.array([[0, 1, 1], [1, 0, 0]], dtype=numpy.uint8)
    png = io.BytesIO()
    image.fromarray(indices).save(png, format="PNG")
    source = tmp_path / "slice.jpg"
    source.write_bytes(b"jpeg")
    gateway = Gateway()
    gateway.on(
        "POST", f"/api/models/{MODEL_ID}/segment", lambda request: httpx.Response(200, json=segment_result())
    )
    gateway.on("GET", MASK, lambda request: httpx.Response(200, content=png.getvalue()))
    prediction, _ = predict_again(gateway, source)
    assert prediction.mask_path is None
    assert prediction.array.tolist() == [[0, 255, 255], [255, 0, 0]]


def test_a_nifti_mask_array_keeps_its_grid_and_affine(tmp_path: Path) -> None:
    numpy = pytest.importorskip("numpy")
    nibabel = pytest.importorskip("nibabel")
    labels = numpy.zeros((5, 4, 3), dtype=numpy.uint8)
    labels[1:3, 1:3, 1] = 2
    affine = numpy.diag([0.8, 0.8, 2.5, 1.0])
    data = gzip.compress(nibabel.Nifti1Image(labels, affine).to_bytes())
    source = tmp_path / "case.nii.gz"
    source.write_bytes(b"volume")
    gateway = Gateway()
    gateway.on(
        "POST",
        f"/api/models/{MODEL_ID}/segment-volume",
        lambda request: httpx.Response(200, json=volume_result()),
    )
    gateway.on("GET", MASK, lambda request: httpx.Response(200, content=data))
    prediction, _ = predict_again(gateway, source)
    assert prediction.array.shape == (5, 4, 3) and int(prediction.array.sum()) == 2 * 4
    assert numpy.allclose(prediction.affine, affine)
    assert gateway.requests[-1].url.params["format"] == "nifti"


def predict_again(gateway: Gateway, source: Path):
    api = connect("http://gateway.test", "secret", transport=gateway.transport())
    return predict_file(api, MODEL_ID, source, as_array=True), gateway
