"""InferenceService end to end: the real ml-service segments with tiny models trained in-process.

Over 300 lines on purpose: every case shares the module-scoped models, trained once for the file.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import grpc
import nibabel as nib
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from archive_factory import dicom_bytes, nifti_bytes, png_bytes, volume_of
from grpc_health.v1 import health_pb2, health_pb2_grpc
from ml_process import MlService, start_ml_service
from model_factory import train_model, with_id
from PIL import Image
from safetensors.torch import load
from training_factory import Storage, serve_storage, shape_samples, write_shards

from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2_grpc as pb_grpc
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.generated.medseg.v1 import system_service_pb2 as system_pb
from medseg_ml.generated.medseg.v1 import system_service_pb2_grpc as system_pb_grpc
from medseg_ml.generated.medseg.v1.dataset_service_pb2 import DatasetLimits
from medseg_ml.inference.mirroring import Mirrored
from medseg_ml.inference.segment import pair_scores
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.nifti import decode_nifti
from medseg_ml.networks.factory import NetworkSpec, build_network
from medseg_ml.postprocessing import PostProcessing
from medseg_ml.preprocessing import mask_classes, prepare_image

SERVICE = "medseg.v1.InferenceService"


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb2.ModelSource:
    return train_model(storage, "tiny", tmp_path_factory.mktemp("train"))


@pytest.fixture
def stub(channel: grpc.Channel) -> pb_grpc.InferenceServiceStub:
    return pb_grpc.InferenceServiceStub(channel)


def sample_image() -> np.ndarray:
    """(1, 45, 57) uint8: a generated shape cropped to odd, non-square sides."""
    sample = shape_samples(1, size=64, seed=3)[0]
    return np.ascontiguousarray(sample.image[:, 5:50, 2:59])


def reference_mask(
    storage: Storage, source: sources_pb2.ModelSource, image: np.ndarray, mirror: bool = False
) -> np.ndarray:
    """The mask of a plain in-process forward: training's prepare_image, softmax, bilinear, argmax, and the
    post-processing training chose (its sizes counted at input_size); `mirror`: of the mean logits over
    the image's four mirror images."""
    card = json.loads(source.card_json)
    network = build_network(NetworkSpec.from_dict(card["network"]))
    network.load_state_dict(load(storage.objects[f"models/{source.model_id}/best.safetensors"]))
    network = Mirrored(network, 2) if mirror else network
    network.eval()
    x = prepare_image(image, card["channels"], card["input_size"], card["input_normalization"]["method"])[
        None
    ]
    with torch.inference_mode():
        probabilities = torch.softmax(network(x), dim=1)
        probabilities = F.interpolate(
            probabilities, size=image.shape[-2:], mode="bilinear", align_corners=False
        )
    mask = probabilities.argmax(dim=1)[0].numpy()
    return PostProcessing.from_dict(card["postprocessing"]).apply(mask, mask.size / card["input_size"] ** 2)


def png_array(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)))


def upload(
    source: sources_pb2.ModelSource, data: bytes, name: str, slice_index: int = 0, **kw: object
) -> pb.SegmentRequest:
    return pb.SegmentRequest(
        model=source, upload=pb.UploadedImage(data=data, file_name=name, slice_index=slice_index), **kw
    )


def rpc_error(call: object) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def test_health_reports_inference_service(channel: grpc.Channel) -> None:
    reply = health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=SERVICE), timeout=5
    )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING


@pytest.mark.parametrize("kind", ["png", "dicom", "nifti"])
def test_segment_matches_an_in_process_forward(
    stub: pb_grpc.InferenceServiceStub, storage: Storage, model: sources_pb2.ModelSource, kind: str
) -> None:
    image = sample_image()
    if kind == "png":
        request, expected_input, slices = upload(model, png_bytes(image[0]), "case.png"), image, 1
    elif kind == "dicom":
        wide = image.astype(np.uint16) * 9 + 100
        request, expected_input, slices = upload(model, dicom_bytes(wide[0]), "case.dcm"), wide, 1
    else:
        volume = np.stack([np.zeros_like(image[0]), image[0], image[0] // 2]).astype(np.int16)
        request = upload(model, nifti_bytes(volume_of(volume)), "case.nii.gz", slice_index=1)
        # Decoded as datasets store pixels: integers that fit a byte become uint8 (then divided by 255).
        expected_input, slices = volume[1][None].astype(np.uint8), 3
    response = stub.Segment(request, timeout=30)
    assert (response.width, response.height, response.slice_count) == (57, 45, slices)
    mask = png_array(response.mask_png)
    assert mask.dtype == np.uint8 and mask.shape == (45, 57)
    expected = reference_mask(storage, model, expected_input)
    assert expected.any(), "the tiny model should find the shape"
    np.testing.assert_array_equal(mask, expected)
    assert png_array(response.image_png).shape == (45, 57)
    probabilities = [png_array(p) for p in response.probability_pngs]
    assert len(probabilities) == 2 and all(p.shape == (45, 57) for p in probabilities)
    assert np.all(np.abs(probabilities[0].astype(int) + probabilities[1] - 255) <= 1)
    assert list(response.label_values) == [0, 1]
    t = response.timings
    assert min(t.decode_ms, t.forward_ms, t.encode_ms) > 0 and t.total_ms >= t.forward_ms
    assert response.dice == 0 and len(response.dice_per_class) == 0


def test_test_time_mirroring_segments_with_the_mean_over_the_mirror_images(
    stub: pb_grpc.InferenceServiceStub, storage: Storage, model: sources_pb2.ModelSource
) -> None:
    image = sample_image()
    request = upload(model, png_bytes(image[0]), "case.png", test_time_mirroring=True)
    mirrored = png_array(stub.Segment(request, timeout=30).mask_png)
    np.testing.assert_array_equal(mirrored, reference_mask(storage, model, image, mirror=True))
    flipped = upload(model, png_bytes(image[0, :, ::-1].copy()), "flipped.png", test_time_mirroring=True)
    np.testing.assert_array_equal(png_array(stub.Segment(flipped, timeout=30).mask_png), mirrored[:, ::-1])


def test_first_call_loads_the_model_and_the_second_finds_it(
    stub: pb_grpc.InferenceServiceStub, channel: grpc.Channel, model: sources_pb2.ModelSource
) -> None:
    source = with_id(model, "warm-twice")
    first = stub.Segment(upload(source, png_bytes(sample_image()[0]), "a.png"), timeout=30)
    second = stub.Segment(upload(source, png_bytes(sample_image()[0]), "a.png"), timeout=30)
    assert (first.model_was_loaded, second.model_was_loaded) == (False, True)
    assert first.timings.load_ms > second.timings.load_ms
    loaded = stub.LoadModel(pb.LoadModelRequest(model=source), timeout=30)
    assert loaded.was_loaded and loaded.memory_bytes > 0
    info = system_pb_grpc.SystemServiceStub(channel).GetInfo(system_pb.GetInfoRequest(), timeout=5)
    listed = {m.model_id: m for m in info.loaded_models}
    assert listed["warm-twice"].architecture == "unet"
    assert listed["warm-twice"].memory_bytes == loaded.memory_bytes


def test_concurrent_calls_to_a_cold_model_load_it_once(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource, ml_service: MlService
) -> None:
    source = with_id(model, "burst")
    request = upload(source, png_bytes(sample_image()[0]), "burst.png")
    results: list[pb.SegmentResponse | Exception] = []
    barrier = threading.Barrier(8)

    def call() -> None:
        barrier.wait()
        try:
            results.append(stub.Segment(request, timeout=60))
        except grpc.RpcError as e:
            results.append(e)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(r, pb.SegmentResponse) for r in results), results
    assert sorted(r.model_was_loaded for r in results) == [False] + [True] * 7  # type: ignore[union-attr]
    assert len({r.mask_png for r in results}) == 1  # type: ignore[union-attr]
    lines = [json.loads(line) for line in ml_service.logs().splitlines() if line.startswith("{")]
    assert [e["msg"] for e in lines if e.get("model_id") == "burst"].count("model loaded") == 1


def test_load_model_reports_timing_and_memory(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource
) -> None:
    source = with_id(model, "load-only")
    first = stub.LoadModel(pb.LoadModelRequest(model=source), timeout=30)
    assert not first.was_loaded and first.load_ms > 0 and first.memory_bytes > 0
    assert stub.LoadModel(pb.LoadModelRequest(model=source), timeout=30).was_loaded


def test_small_memory_budget_evicts_and_reloads(
    storage: Storage, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # About 0.9 MB of float32 parameters: two never fit in 1 MB.
    big = train_model(
        storage, "big", tmp_path_factory.mktemp("train-big"), epochs=1, depth=4, base_channels=12
    )
    service = start_ml_service(tmp_path, MEDSEG_ML_MODEL_MEMORY_MB="1")
    try:
        with grpc.insecure_channel(service.address) as channel:
            stub = pb_grpc.InferenceServiceStub(channel)
            info = system_pb_grpc.SystemServiceStub(channel)

            def load(model_id: str) -> pb.LoadModelResponse:
                return stub.LoadModel(pb.LoadModelRequest(model=with_id(big, model_id)), timeout=30)

            def held() -> list[str]:
                return [m.model_id for m in info.GetInfo(system_pb.GetInfoRequest(), timeout=5).loaded_models]

            first = load("big-a")
            assert 512 * 1024 < first.memory_bytes <= 1024 * 1024 and not first.was_loaded
            assert not load("big-b").was_loaded
            assert held() == ["big-b"]
            assert not load("big-a").was_loaded
            assert held() == ["big-a"]
            assert load("big-a").was_loaded
    finally:
        service.stop()
    assert "model evicted" in service.logs()
    # Both ids share one weights file, downloaded once.
    assert service.logs().count("weights downloaded") == 1


def test_dataset_pair_is_scored_against_its_mask(
    stub: pb_grpc.InferenceServiceStub, storage: Storage, model: sources_pb2.ModelSource
) -> None:
    samples = shape_samples(3, size=40, seed=7, labels=(255,))
    shards, pairs = write_shards(samples)
    for path, data in shards.items():
        storage.objects[f"pairs/{path}"] = data
    pair = pairs[1]
    response = stub.Segment(
        pb.SegmentRequest(
            model=model,
            pair=pb.DatasetPairImage(
                shard_url=storage.url(f"pairs/{pair.shard_path}"), index=pair.index, label_values=[0, 255]
            ),
        ),
        timeout=30,
    )
    truth = png_array(response.ground_truth_png)
    expected_truth, _ = mask_classes(samples[1].mask, [0, 255])
    np.testing.assert_array_equal(truth, expected_truth)
    mask = png_array(response.mask_png)
    scores = pair_scores(mask.astype(np.int64), truth.astype(np.int64), 2)
    assert list(response.dice_per_class) == pytest.approx(scores.dice_per_class)
    assert list(response.iou_per_class) == pytest.approx(scores.iou_per_class)
    assert response.dice == pytest.approx(scores.dice) and response.iou == pytest.approx(scores.iou)
    # Independently of our scoring code: foreground Dice straight from the two masks.
    overlap = np.logical_and(mask == 1, truth == 1).sum()
    assert response.dice == pytest.approx(2 * overlap / ((mask == 1).sum() + (truth == 1).sum()))
    assert response.dice > 0


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"just some text", "notes.txt", "notes.txt has extension .txt; upload a PNG, JPEG, DICOM"),
        (b"\x89PNG\r\n\x1a\n broken", "scan.png", "scan.png: Cannot be read as PNG"),
        (b"\0" * 128 + b"DICM" + b"\x02\x00garbage" * 4, "scan.dcm", "scan.dcm: Holds no pixel data"),
    ],
)
def test_unreadable_upload_is_invalid_argument(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource, data: bytes, name: str, message: str
) -> None:
    error = rpc_error(lambda: stub.Segment(upload(model, data, name), timeout=30))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert message in error.details()


def test_slice_out_of_range_is_invalid_argument(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource
) -> None:
    volume = np.zeros((20, 33, 35), np.int16)
    request = upload(model, nifti_bytes(volume_of(volume)), "vol.nii.gz", slice_index=40)
    error = rpc_error(lambda: stub.Segment(request, timeout=30))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == "slice_index 40 is out of range: the volume has 20 slices (0–19)"


def test_colour_image_for_a_gray_model_is_invalid_argument(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource
) -> None:
    rgb = np.zeros((33, 35, 3), np.uint8)
    rgb[..., 0] = 200
    error = rpc_error(lambda: stub.Segment(upload(model, png_bytes(rgb), "colour.png"), timeout=30))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "3 colour channels but the model was trained on 1-channel" in error.details()


def test_gray_rgb_is_read_as_gray(
    stub: pb_grpc.InferenceServiceStub, storage: Storage, model: sources_pb2.ModelSource
) -> None:
    image = sample_image()
    rgb = np.repeat(image[0][:, :, None], 3, axis=2)
    response = stub.Segment(upload(model, png_bytes(rgb), "gray-as-rgb.png"), timeout=30)
    np.testing.assert_array_equal(png_array(response.mask_png), reference_mask(storage, model, image))


def test_image_over_the_pixel_limit_is_invalid_argument(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource
) -> None:
    request = upload(
        model, png_bytes(sample_image()[0]), "big.png", limits=DatasetLimits(max_pixels_per_slice=1000)
    )
    error = rpc_error(lambda: stub.Segment(request, timeout=30))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (
        "big.png: Is 57x45 (2565 pixels per slice), over the limit of 1000 "
        "(MEDSEG_DATASET_MAX_PIXELS_PER_SLICE)" in error.details()
    )


def test_weights_not_matching_their_sha256_fail_the_precondition(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource
) -> None:
    source = with_id(model, "tampered")
    source.weights_sha256 = "0" * 64
    for call in (
        lambda: stub.LoadModel(pb.LoadModelRequest(model=source), timeout=30),
        lambda: stub.Segment(upload(source, png_bytes(sample_image()[0]), "a.png"), timeout=30),
    ):
        error = rpc_error(call)
        assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "do not match" in error.details() and "0" * 64 in error.details()
        assert "secret" not in error.details()


def test_missing_model_fields_are_invalid_argument(stub: pb_grpc.InferenceServiceStub) -> None:
    error = rpc_error(
        lambda: stub.LoadModel(pb.LoadModelRequest(model=sources_pb2.ModelSource(model_id="x")), timeout=5)
    )
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == "model.card_json, model.weights_url, model.weights_sha256 must be set"


def test_nifti_input_also_gets_its_mask_as_nifti_on_the_input_grid(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource, tmp_path: Path
) -> None:
    image = sample_image()
    volume = np.stack([np.zeros_like(image[0]), image[0], image[0] // 2]).astype(np.int16)
    # LPS, as a DICOM converter writes it: the old writer reoriented this to RAS (the bug).
    affine = np.diag([-0.8, -0.8, 2.5, 1.0])
    source = volume_of(volume)
    response = stub.Segment(
        upload(model, nifti_bytes(source, affine=affine), "case.nii.gz", slice_index=1), timeout=30
    )
    path = tmp_path / "mask.nii.gz"
    path.write_bytes(response.mask_nifti)
    written = nib.load(path)
    assert written.shape == source.shape
    np.testing.assert_allclose(written.affine, affine)
    # Read back through the same decoder as the input, slice 1 is the returned mask, others are empty.
    slices = decode_nifti(path, as_mask=True, budget=DecodeBudget()).pixels[:, 0]
    np.testing.assert_array_equal(slices[1], png_array(response.mask_png))
    assert not slices[0].any() and not slices[2].any()


def test_png_input_gets_no_nifti_mask(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource
) -> None:
    response = stub.Segment(upload(model, png_bytes(sample_image()[0]), "case.png"), timeout=30)
    assert response.mask_nifti == b""
