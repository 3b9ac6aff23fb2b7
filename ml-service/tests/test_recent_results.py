"""RecentResults: a 3D model's classes kept for a session on the same image, within bytes and time."""

from __future__ import annotations

import numpy as np

from medseg_ml.generated.medseg.v1 import inference_service_pb2 as inference_pb
from medseg_ml.generated.medseg.v1 import session_service_pb2 as session_pb
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.inference.recent_results import RecentResults, result_key


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def volume(value: int, side: int = 10) -> np.ndarray:
    return np.full((side, side, side), value, dtype=np.int64)


def test_a_result_is_kept_read_only_and_forgotten_after_its_time() -> None:
    clock = Clock()
    recent = RecentResults(10_000, ttl_s=60, clock=clock)
    recent.put(("a",), volume(2))
    kept = recent.get(("a",))
    assert kept is not None and kept.dtype == np.uint8 and (kept == 2).all()
    assert not kept.flags.writeable
    clock.now = 61
    assert recent.get(("a",)) is None and recent.held_bytes == 0


def test_the_oldest_go_first_to_stay_within_the_bytes_and_nothing_larger_is_kept() -> None:
    recent = RecentResults(2500, clock=Clock())
    for name in "abc":
        recent.put((name,), volume(1))  # 1000 bytes each
    assert recent.get(("a",)) is None and recent.get(("b",)) is not None and recent.get(("c",)) is not None
    assert recent.held_bytes == 2000
    recent.put(("big",), volume(1, side=14))  # 2744 bytes
    assert recent.get(("big",)) is None and recent.held_bytes == 2000
    recent.put(("b",), volume(3))  # the same key again replaces it
    assert recent.held_bytes == 2000 and (recent.get(("b",)) == 3).all()
    recent.put(("many classes",), volume(300))
    assert recent.get(("many classes",)) is None


def test_the_key_names_the_weights_and_the_image() -> None:
    model = sources_pb2.ModelSource(model_id="m", weights_sha256="w1")
    retrained = sources_pb2.ModelSource(model_id="m", weights_sha256="w2")
    upload = inference_pb.UploadedImage(data=b"pixels", file_name="ct.nii.gz")

    def on_case(version: int) -> inference_pb.SegmentVolumeRequest:
        dataset = sources_pb2.DatasetSource(dataset_id="d", version=version)
        case = inference_pb.DatasetCaseImage(dataset=dataset, case_index=3)
        return inference_pb.SegmentVolumeRequest(model=model, dataset_case=case)

    uploaded = inference_pb.SegmentVolumeRequest(model=model, upload=upload)
    # A session on the same upload names the same result as SegmentVolume did.
    assert result_key(uploaded) == result_key(session_pb.OpenSessionRequest(model=model, upload=upload))
    assert result_key(uploaded) != result_key(
        inference_pb.SegmentVolumeRequest(model=retrained, upload=upload)
    )
    assert result_key(on_case(2)) != result_key(on_case(3))
    assert result_key(on_case(2)) != result_key(uploaded)
    assert result_key(inference_pb.SegmentVolumeRequest(model=model)) is None
