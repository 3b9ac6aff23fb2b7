"""Serving costs of Segment: outputs a caller can go without, concurrent calls batched, and the
recently used models loaded again at a restart from the local weights cache."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import numpy as np
import pytest
from archive_factory import png_bytes
from ml_process import start_ml_service
from model_factory import train_model, with_id
from PIL import Image
from training_factory import Storage, serve_storage, shape_samples

from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2_grpc as pb_grpc
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.generated.medseg.v1 import system_service_pb2 as system_pb
from medseg_ml.generated.medseg.v1 import system_service_pb2_grpc as system_pb_grpc


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb2.ModelSource:
    return train_model(storage, "serving", tmp_path_factory.mktemp("train"))


def image_png(seed: int) -> bytes:
    return png_bytes(shape_samples(1, size=48, seed=seed)[0].image[0])


def request(source: sources_pb2.ModelSource, data: bytes, **kw: object) -> pb.SegmentRequest:
    return pb.SegmentRequest(model=source, upload=pb.UploadedImage(data=data, file_name="a.png"), **kw)


def mask_of(response: pb.SegmentResponse) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(response.mask_png)))


def loaded(channel: grpc.Channel) -> list[str]:
    info = system_pb_grpc.SystemServiceStub(channel).GetInfo(system_pb.GetInfoRequest(), timeout=5)
    return [m.model_id for m in info.loaded_models]


def test_outputs_left_out_are_not_encoded_and_the_mask_stays_the_same(
    channel: grpc.Channel, model: sources_pb2.ModelSource
) -> None:
    stub = pb_grpc.InferenceServiceStub(channel)
    full = stub.Segment(request(model, image_png(1)), timeout=30)
    lean = stub.Segment(
        request(model, image_png(1), outputs=pb.SegmentOutputs(omit_image=True, omit_probabilities=True)),
        timeout=30,
    )
    assert len(full.image_png) > 0 and len(full.probability_pngs) == 2
    assert lean.image_png == b"" and len(lean.probability_pngs) == 0
    assert lean.mask_png == full.mask_png
    only_maps = stub.Segment(
        request(model, image_png(1), outputs=pb.SegmentOutputs(omit_image=True)), timeout=30
    )
    assert only_maps.image_png == b"" and list(only_maps.probability_pngs) == list(full.probability_pngs)


def test_concurrent_calls_get_the_masks_of_calls_made_alone(
    channel: grpc.Channel, model: sources_pb2.ModelSource
) -> None:
    stub = pb_grpc.InferenceServiceStub(channel)
    inputs = [image_png(seed) for seed in range(8)]
    alone = [stub.Segment(request(model, data), timeout=30) for data in inputs]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda data: stub.Segment(request(model, data), timeout=30), inputs))
    for a, b in zip(alone, together, strict=True):
        np.testing.assert_array_equal(mask_of(a), mask_of(b))
        for pa, pb_ in zip(a.probability_pngs, b.probability_pngs, strict=True):
            diff = np.abs(
                np.asarray(Image.open(io.BytesIO(pa)), int) - np.asarray(Image.open(io.BytesIO(pb_)))
            )
            assert diff.max() <= 1  # 8-bit maps of probabilities equal up to float rounding


def test_recently_used_models_are_loaded_again_at_a_restart(
    storage: Storage, model: sources_pb2.ModelSource, tmp_path: Path
) -> None:
    service = start_ml_service(tmp_path, MEDSEG_ML_LOG_FORMAT="json")
    try:
        with grpc.insecure_channel(service.address) as channel:
            stub = pb_grpc.InferenceServiceStub(channel)
            for model_id in ("older", "newer"):
                stub.LoadModel(pb.LoadModelRequest(model=with_id(model, model_id)), timeout=30)
    finally:
        service.stop()
    recent = (tmp_path / "ml-cache" / "weights" / "recent.json").read_text()
    assert recent.index('"newer"') < recent.index('"older"')  # most recent first
    assert "weights_url" not in recent and "X-Amz" not in recent  # no presigned URL is kept

    service = start_ml_service(tmp_path, MEDSEG_ML_LOG_FORMAT="json")
    try:
        with grpc.insecure_channel(service.address) as channel:
            # SERVING comes after the warm-up: the models are loaded by then, not some time later.
            assert sorted(loaded(channel)) == ["newer", "older"]
            # Loaded from the local file: the source here even has a URL that cannot work.
            broken = with_id(model, "newer")
            broken.weights_url = "http://127.0.0.1:9/nothing"
            first = pb_grpc.InferenceServiceStub(channel).Segment(request(broken, image_png(2)), timeout=30)
            assert first.model_was_loaded
    finally:
        service.stop()
    assert service.logs().count('"model preloaded"') == 2
    assert "weights downloaded" not in service.logs()


def test_preloading_stops_at_the_memory_budget_and_skips_what_is_unusable(
    storage: Storage, model: sources_pb2.ModelSource, tmp_path: Path
) -> None:
    # About 0.9 MB of float32 parameters: only one fits in 1 MB.
    big = train_model(storage, "big", tmp_path / "train-big", epochs=1, depth=4, base_channels=12)
    service = start_ml_service(tmp_path, MEDSEG_ML_MODEL_MEMORY_MB="1")
    try:
        with grpc.insecure_channel(service.address) as channel:
            stub = pb_grpc.InferenceServiceStub(channel)
            for model_id in ("big-a", "big-b"):
                stub.LoadModel(pb.LoadModelRequest(model=with_id(big, model_id)), timeout=30)
    finally:
        service.stop()
    weights = tmp_path / "ml-cache" / "weights"
    recent = weights / "recent.json"
    # A third entry whose weights are gone from the disk cache: skipped, not an error.
    entries = json.loads(recent.read_text())
    recent.write_text(
        json.dumps([*entries, {"model_id": "gone", "card_json": "{}", "weights_sha256": "0" * 64}])
    )
    service = start_ml_service(tmp_path, MEDSEG_ML_MODEL_MEMORY_MB="1")
    try:
        with grpc.insecure_channel(service.address) as channel:
            assert loaded(channel) == ["big-b"]  # the most recent; big-a would evict it
    finally:
        service.stop()
    assert "reason=memory budget" not in service.logs()
