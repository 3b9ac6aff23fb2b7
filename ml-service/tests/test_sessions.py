"""SessionService in-process: sessions are created, reused, expired, limited, refused to another owner and
gone after a restart; prompts are checked; patches applied in order give the session's result, undo
included; the grid lines up voxel for voxel with SegmentVolume's mask_nifti, for 2D images, 2D models on
volumes and 3D models."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import grpc
import nibabel as nib
import numpy as np
import pytest
import torch
from archive_factory import nifti_bytes, png_bytes
from model_factory import guided_model
from safetensors.torch import load
from session_harness import Aborted, Harness, harness
from training_factory import Sample, Storage, serve_storage, shape_samples, write_shards

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dataset_pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as inference_pb
from medseg_ml.generated.medseg.v1 import session_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import session_service_pb2_grpc as pb_grpc
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.guidance.encode import encode_guidance
from medseg_ml.guidance.prompts import MAX_PROMPTS, MAX_TOTAL_VERTICES, MAX_VERTICES, Prompt
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.recent_results import RECENT_RESULT_TTL_S
from medseg_ml.inference.segment import prepared_masks
from medseg_ml.networks.factory import NetworkSpec, build_network
from medseg_ml.preprocessing import prepare_image
from medseg_ml.sessions.patch import apply_patch

CPU = torch.device("cpu")
OWNER = "user-1"
# Source axes (i, j, k) run left, anterior and inferior, anisotropic and shifted: far from display order.
AFFINE = np.array(
    [[-0.8, 0.0, 0.0, 30.0], [0.0, 0.9, 0.0, -12.0], [0.0, 0.0, -2.5, 40.0], [0.0, 0.0, 0.0, 1.0]]
)
POINT = pb.PROMPT_KIND_POINT
BOX = pb.PROMPT_KIND_BOX
SCRIBBLE = pb.PROMPT_KIND_SCRIBBLE


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def model_2d(storage: Storage) -> sources_pb2.ModelSource:
    return guided_model(storage, "guided-2d", seed=3)


@pytest.fixture(scope="module")
def model_3d(storage: Storage) -> sources_pb2.ModelSource:
    return guided_model(storage, "guided-3d", spatial_dims=3, seed=1)


@pytest.fixture(scope="module")
def automatic(storage: Storage) -> sources_pb2.ModelSource:
    return guided_model(storage, "automatic-2d", guided=False)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Harness]:
    with harness(tmp_path) as h:
        yield h


def image_2d() -> np.ndarray:
    rng = np.random.default_rng(0)
    image = rng.normal(60, 20, (40, 48))
    image[10:28, 14:36] += 120
    return np.clip(image, 0, 255).astype(np.uint8)


def source_volume() -> np.ndarray:
    """(20, 24, 10) int16 source array (i, j, k): a bright block on noise."""
    rng = np.random.default_rng(1)
    volume = rng.normal(100, 30, (20, 24, 10))
    volume[5:15, 6:18, 2:8] += 300
    return volume.astype(np.int16)


def upload_png(model: sources_pb2.ModelSource, owner: str = OWNER) -> pb.OpenSessionRequest:
    upload = inference_pb.UploadedImage(data=png_bytes(image_2d()), file_name="slice.png")
    return pb.OpenSessionRequest(model=model, upload=upload, owner=owner)


def upload_nifti(model: sources_pb2.ModelSource, owner: str = OWNER) -> pb.OpenSessionRequest:
    data = nifti_bytes(source_volume(), affine=AFFINE)
    upload = inference_pb.UploadedImage(data=data, file_name="volume.nii.gz")
    return pb.OpenSessionRequest(model=model, upload=upload, owner=owner)


def point(x: float, y: float, z: float, class_index: int = 1) -> pb.GuidancePrompt:
    return pb.GuidancePrompt(kind=POINT, class_index=class_index, points=[x, y, z])


def grid_mask(opened: pb.OpenSessionResponse) -> np.ndarray:
    """The client's mask (X, Y, Z), starting from the automatic patch (255 where none was sent)."""
    mask = np.full((opened.grid.size_x, opened.grid.size_y, opened.grid.size_z), 255, dtype=np.uint8)
    apply_patch(mask, opened.mask)
    return mask


def session_result(service: Harness, session_id: str) -> np.ndarray:
    work = service.store.get(session_id, OWNER).work
    return np.array(work.axes.to_session(work.result))


def nifti_array(data: bytes) -> np.ndarray:
    return np.asarray(nib.Nifti1Image.from_bytes(gzip.decompress(data)).dataobj)


def network_of(storage: Storage, source: sources_pb2.ModelSource) -> tuple[torch.nn.Module, ModelCard]:
    card = ModelCard.from_json(source.card_json)
    network = build_network(NetworkSpec.from_dict(card.network.to_dict()))
    network.load_state_dict(load(storage.objects[f"models/{source.model_id}/best.safetensors"]))
    return network.eval(), card


def aborted(call) -> Aborted:  # noqa: ANN001
    with pytest.raises(Aborted) as caught:
        call()
    return caught.value


# ---- created, reused, closed -------------------------------------------------------------------------


def test_open_a_2d_image_predicts_it_on_the_x_column_y_row_grid(service: Harness, model_2d) -> None:
    opened = service.open(upload_png(model_2d))
    assert (opened.grid.size_x, opened.grid.size_y, opened.grid.size_z) == (48, 40, 1)
    assert opened.grid.slice_axis == 2
    assert opened.guided and opened.spatial_dims == 2
    assert list(opened.label_values) == [0, 1]
    assert opened.ttl_s == 900 and opened.memory_bytes > 0
    assert opened.timings.decode_ms > 0 and not opened.model_was_loaded
    mask = grid_mask(opened)
    assert (mask != 255).all()
    # The same image through SegmentVolume: its mask NIfTI of a 2D image is (1, rows, columns).
    result = service.segment_volume(
        inference_pb.SegmentVolumeRequest(model=model_2d, upload=upload_png(model_2d).upload)
    )
    truth = nifti_array(result.mask_nifti)
    assert truth.shape == (1, 40, 48)
    np.testing.assert_array_equal(mask[:, :, 0], truth[0].T)


def test_a_second_prompt_reuses_the_decoded_image(service: Harness, model_2d) -> None:
    opened = service.open(upload_png(model_2d))
    first = service.prompt(opened.session_id, OWNER, [point(20, 18, 0)])
    second = service.prompt(opened.session_id, OWNER, [point(20, 18, 0), point(40, 5, 0, class_index=0)])
    assert service.sessions.decodes == 1
    assert first.timings.decode_ms == 0 and second.timings.decode_ms == 0
    assert (first.revision, second.revision) == (1, 2)
    assert second.timings.total_ms >= second.timings.forward_ms


def test_close_frees_the_session(service: Harness, model_2d) -> None:
    opened = service.open(upload_png(model_2d))
    service.close(opened.session_id, OWNER)
    assert len(service.store) == 0
    assert aborted(lambda: service.prompt(opened.session_id, OWNER, [])).code == grpc.StatusCode.NOT_FOUND
    assert aborted(lambda: service.close(opened.session_id, OWNER)).code == grpc.StatusCode.NOT_FOUND


# ---- expired, limited, another owner's, restarted -------------------------------------------------------


def test_an_idle_session_expires(service: Harness, model_2d) -> None:
    opened = service.open(upload_png(model_2d))
    service.clock.now += 899
    service.prompt(opened.session_id, OWNER, [point(3, 3, 0)])  # use restarts the idle time
    service.clock.now += 899
    assert service.store.sweep() == 0
    service.clock.now += 1
    error = aborted(lambda: service.prompt(opened.session_id, OWNER, [point(3, 3, 0)]))
    assert error.code == grpc.StatusCode.NOT_FOUND and "open a new session" in error.details
    assert len(service.store) == 0


def test_sessions_are_limited_in_number(tmp_path: Path, model_2d) -> None:
    with harness(tmp_path, max_sessions=2) as service:
        first = service.open(upload_png(model_2d))
        service.clock.now += 1
        service.open(upload_png(model_2d))
        # Another user never pushes out live sessions: refused, with what to do.
        error = aborted(lambda: service.open(upload_png(model_2d, owner="user-2")))
        assert error.code == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "MEDSEG_ML_MAX_SESSIONS" in error.details and "close one" in error.details
        assert service.sessions.decodes == 2  # refused before decoding
        # The same user opening another case drops their least recently used session.
        service.open(upload_png(model_2d))
        assert len(service.store) == 2
        assert aborted(lambda: service.prompt(first.session_id, OWNER, [])).code == grpc.StatusCode.NOT_FOUND
        # Once expired, sessions make room for anyone.
        service.clock.now += 900
        service.open(upload_png(model_2d, owner="user-2"))
        assert len(service.store) == 1


def test_sessions_are_limited_in_memory(tmp_path: Path, model_3d) -> None:
    with harness(tmp_path, memory_mb=1) as service:
        opened = service.open(upload_png(model_3d))  # a 2D picture through a 3D model
        assert opened.memory_bytes < 1024 * 1024
        big = np.random.default_rng(0).integers(0, 4000, (120, 120, 40)).astype(np.int16)
        upload = inference_pb.UploadedImage(data=nifti_bytes(big, affine=AFFINE), file_name="big.nii.gz")
        request = pb.OpenSessionRequest(model=model_3d, upload=upload, owner="user-2")
        error = aborted(lambda: service.open(request))
        assert error.code == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "MEDSEG_ML_SESSION_MEMORY_MB" in error.details
        assert len(service.store) == 1 and service.store.used_bytes == opened.memory_bytes


def test_another_owners_session_is_refused(service: Harness, model_2d) -> None:
    opened = service.open(upload_png(model_2d))
    for call in (
        lambda: service.prompt(opened.session_id, "user-2", [point(3, 3, 0)]),
        lambda: service.close(opened.session_id, "user-2"),
    ):
        assert aborted(call).code == grpc.StatusCode.PERMISSION_DENIED
    service.prompt(opened.session_id, OWNER, [point(3, 3, 0)])


def test_a_restarted_service_knows_no_session(service: Harness, model_2d) -> None:
    opened = service.open(upload_png(model_2d))
    service.restart()
    error = aborted(lambda: service.prompt(opened.session_id, OWNER, [point(3, 3, 0)]))
    assert error.code == grpc.StatusCode.NOT_FOUND
    # The client reopens and sends its prompts again.
    reopened = service.open(upload_png(model_2d))
    assert service.prompt(reopened.session_id, OWNER, [point(3, 3, 0)]).revision == 1


# ---- prompts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "message"),
    [
        (point(48, 3, 0), "outside the image (size 48 x 40 x 1)"),
        (point(3, 3, 0, class_index=2), "classes 0 to 1"),
        (pb.GuidancePrompt(class_index=1, points=[1, 1, 0]), "no kind"),
        (pb.GuidancePrompt(kind=POINT, class_index=1, points=[1, 1]), "x, y, z per vertex"),
        (
            pb.GuidancePrompt(kind=BOX, class_index=1, points=[1, 1, 0, 5, 5, 0], plane_axis=0),
            "is not drawn in one slice",
        ),
        (pb.GuidancePrompt(kind=BOX, class_index=1, points=[1, 1, 0], plane_axis=2), "a box has 2"),
    ],
)
def test_bad_prompts_are_refused(service: Harness, model_2d, prompt: pb.GuidancePrompt, message: str) -> None:
    opened = service.open(upload_png(model_2d))
    error = aborted(lambda: service.prompt(opened.session_id, OWNER, [prompt]))
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert message in error.details


def test_too_many_prompts_are_refused(service: Harness, model_2d) -> None:
    opened = service.open(upload_png(model_2d))
    error = aborted(lambda: service.prompt(opened.session_id, OWNER, [point(3, 3, 0)] * (MAX_PROMPTS + 1)))
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT and "undo some" in error.details


def test_more_vertices_in_all_than_the_budget_are_refused(service: Harness, model_2d) -> None:
    opened = service.open(upload_png(model_2d))
    stroke = pb.GuidancePrompt(kind=SCRIBBLE, class_index=1, points=[3, 3, 0] * MAX_VERTICES, plane_axis=2)
    within = MAX_TOTAL_VERTICES // MAX_VERTICES
    assert service.prompt(opened.session_id, OWNER, [stroke] * within).revision == 1
    error = aborted(lambda: service.prompt(opened.session_id, OWNER, [stroke] * (within + 1)))
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert f"{(within + 1) * MAX_VERTICES} vertices in all; at most {MAX_TOTAL_VERTICES}" in error.details


def test_a_model_without_guidance_serves_its_automatic_result_only(service: Harness, automatic) -> None:
    opened = service.open(upload_png(automatic))
    assert not opened.guided and (grid_mask(opened) != 255).all()
    error = aborted(lambda: service.prompt(opened.session_id, OWNER, [point(3, 3, 0)]))
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT and "without guidance channels" in error.details


# ---- patches and undo ---------------------------------------------------------------------------------


def test_patches_in_order_give_the_result_and_undo_returns_the_earlier_one(
    service: Harness, model_2d, storage: Storage
) -> None:
    opened = service.open(upload_png(model_2d))
    mask = grid_mask(opened)
    automatic_mask = mask.copy()
    steps = [
        [point(20, 18, 0)],
        [point(20, 18, 0), point(44, 36, 0, class_index=1)],
        [point(20, 18, 0), point(44, 36, 0, class_index=1), point(25, 20, 0, class_index=0)],
    ]
    seen = []
    for prompts in steps:
        response = service.prompt(opened.session_id, OWNER, prompts)
        apply_patch(mask, response.changed)
        np.testing.assert_array_equal(mask, session_result(service, opened.session_id))
        seen.append(mask.copy())
    assert any((a != b).any() for a, b in zip([automatic_mask, *seen], seen, strict=False)), (
        "no prompt changed it"
    )
    # The result is the network's on exactly these prompts, placed by hand: (x, y) at 48 x 40 -> 32 x 32.
    network, card = network_of(storage, model_2d)
    marks = [
        Prompt("point", c, np.array([[(y + 0.5) * 32 / 40 - 0.5, (x + 0.5) * 32 / 48 - 0.5]]))
        for x, y, c in ((20, 18, 1), (44, 36, 1), (25, 20, 0))
    ]
    maps = torch.from_numpy(encode_guidance(marks, (32, 32), 2, card.network.guidance["sigma"]))[None]
    x = prepare_image(image_2d()[None], 1, 32, card.normalization)[None]
    expected = prepared_masks(network, x, [(40, 48)], CPU, maps)[0]
    np.testing.assert_array_equal(mask[:, :, 0], expected.T)
    # Undo: the list without its last prompt gives the earlier result back, and no prompts the automatic.
    apply_patch(mask, service.prompt(opened.session_id, OWNER, steps[1]).changed)
    np.testing.assert_array_equal(mask, seen[1])
    apply_patch(mask, service.prompt(opened.session_id, OWNER, []).changed)
    np.testing.assert_array_equal(mask, automatic_mask)
    # The same list again changes nothing.
    assert service.prompt(opened.session_id, OWNER, []).changed.size_x == 0


# ---- volumes -----------------------------------------------------------------------------------------


def test_a_3d_session_lines_up_with_segment_volume(service: Harness, model_3d) -> None:
    opened = service.open(upload_nifti(model_3d))
    assert (opened.grid.size_x, opened.grid.size_y, opened.grid.size_z) == (20, 24, 10)
    assert opened.spatial_dims == 3
    mask = grid_mask(opened)
    request = upload_nifti(model_3d)
    result = service.segment_volume(inference_pb.SegmentVolumeRequest(model=model_3d, upload=request.upload))
    np.testing.assert_array_equal(mask, nifti_array(result.mask_nifti))
    # A box drawn across k (z) and a click: the whole volume is re-segmented, patches still add up.
    box = pb.GuidancePrompt(kind=BOX, class_index=1, points=[4, 5, 3, 15, 18, 3], plane_axis=2)
    for prompts in ([box], [box, point(10, 12, 6, class_index=0)], [point(2, 2, 1)]):
        apply_patch(mask, service.prompt(opened.session_id, OWNER, prompts).changed)
        np.testing.assert_array_equal(mask, session_result(service, opened.session_id))
    apply_patch(mask, service.prompt(opened.session_id, OWNER, []).changed)
    np.testing.assert_array_equal(mask, nifti_array(result.mask_nifti))


def segment_then_open(service: Harness, model) -> tuple[np.ndarray, pb.OpenSessionResponse]:  # noqa: ANN001
    """SegmentVolume's mask of the NIfTI upload (session grid), then a session opened on the same upload."""
    upload = upload_nifti(model).upload
    result = service.segment_volume(inference_pb.SegmentVolumeRequest(model=model, upload=upload))
    return nifti_array(result.mask_nifti), service.open(upload_nifti(model))


def test_a_3d_session_opened_after_segment_volume_takes_its_result_instead_of_predicting_again(
    service: Harness, model_3d
) -> None:
    proposal, opened = segment_then_open(service, model_3d)
    assert service.sessions.reused_results == 1
    np.testing.assert_array_equal(grid_mask(opened), proposal)
    # Prompts work from it and undo back to it, as on a session that predicted its own.
    box = pb.GuidancePrompt(kind=BOX, class_index=1, points=[4, 5, 3, 15, 18, 3], plane_axis=2)
    mask = grid_mask(opened)
    apply_patch(mask, service.prompt(opened.session_id, OWNER, [box]).changed)
    np.testing.assert_array_equal(mask, session_result(service, opened.session_id))
    apply_patch(mask, service.prompt(opened.session_id, OWNER, []).changed)
    np.testing.assert_array_equal(mask, proposal)
    # Other bytes are another image; and the result is forgotten after its time.
    upload = upload_nifti(model_3d).upload
    other = inference_pb.UploadedImage(data=upload.data + b"\0", file_name=upload.file_name)
    service.open(pb.OpenSessionRequest(model=model_3d, upload=other, owner=OWNER))
    assert service.sessions.reused_results == 1
    service.clock.now += RECENT_RESULT_TTL_S + 1
    service.open(upload_nifti(model_3d))
    assert service.sessions.reused_results == 1


def test_a_2d_model_on_a_volume_segments_the_prompted_slice_only(service: Harness, model_2d) -> None:
    opened = service.open(upload_nifti(model_2d))
    assert opened.mask.size_x == 0  # slices are predicted when first prompted
    axis = opened.grid.slice_axis
    assert axis == 2  # the volume's k axis is its inferior-superior one
    response = service.prompt(opened.session_id, OWNER, [point(10, 12, 6)])
    patch = response.changed
    # A slice never sent before comes whole, on the prompt's own k.
    assert (patch.z, patch.size_z) == (6, 1) and (patch.size_x, patch.size_y) == (20, 24)
    work = service.store.get(opened.session_id, OWNER).work
    result = service.segment_volume(
        inference_pb.SegmentVolumeRequest(model=model_2d, upload=upload_nifti(model_2d).upload)
    )
    truth = nifti_array(result.mask_nifti)
    automatic = np.array(work.axes.to_session(work.auto))
    np.testing.assert_array_equal(automatic[:, :, 6], truth[:, :, 6])
    mask = np.array(truth, dtype=np.uint8)
    apply_patch(mask, patch)
    untouched = [k for k in range(10) if k != 6]
    np.testing.assert_array_equal(mask[:, :, untouched], truth[:, :, untouched])
    # Prompts on another slice leave slice 6's result; a drawing across another axis is refused.
    other = service.prompt(opened.session_id, OWNER, [point(10, 12, 6), point(3, 4, 2)]).changed
    assert (other.z, other.size_z) == (2, 1)
    box = pb.GuidancePrompt(kind=BOX, class_index=1, points=[4, 5, 3, 4, 18, 8], plane_axis=0)
    error = aborted(lambda: service.prompt(opened.session_id, OWNER, [box]))
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT and "slices across the z axis" in error.details


def test_a_2d_session_opened_after_segment_volume_sends_only_what_a_prompt_changed(
    service: Harness, model_2d
) -> None:
    proposal, opened = segment_then_open(service, model_2d)
    proposal = proposal.astype(np.uint8)
    assert service.sessions.reused_results == 1 and opened.mask.size_x == 0
    # The person brushed a corner of slice 6 away from the click; the click's patch leaves it be.
    brushed = proposal.copy()
    brushed[:3, :3, 6] = 1 - proposal[:3, :3, 6]
    response = service.prompt(opened.session_id, OWNER, [point(10, 12, 6)])
    patch = response.changed
    assert patch.size_z <= 1
    expected = proposal.copy()
    apply_patch(expected, patch)
    np.testing.assert_array_equal(expected, session_result(service, opened.session_id))
    apply_patch(brushed, patch)
    changed = expected != proposal
    np.testing.assert_array_equal(brushed[changed], expected[changed])
    kept = np.zeros_like(changed)
    kept[:3, :3, 6] = True
    kept &= ~changed
    assert kept.any()
    np.testing.assert_array_equal(brushed[kept], 1 - proposal[kept])


# ---- over gRPC ---------------------------------------------------------------------------------------


def test_the_server_serves_sessions(channel: grpc.Channel, model_2d) -> None:
    stub = pb_grpc.SessionServiceStub(channel)
    opened = stub.OpenSession(upload_png(model_2d), timeout=60)
    response = stub.Prompt(
        pb.PromptRequest(session_id=opened.session_id, owner=OWNER, prompts=[point(20, 18, 0)]), timeout=60
    )
    assert response.revision == 1
    with pytest.raises(grpc.RpcError) as caught:
        stub.CloseSession(pb.CloseSessionRequest(session_id=opened.session_id, owner="user-2"), timeout=10)
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    stub.CloseSession(pb.CloseSessionRequest(session_id=opened.session_id, owner=OWNER), timeout=10)
    with pytest.raises(grpc.RpcError) as caught:
        stub.Prompt(pb.PromptRequest(session_id=opened.session_id, owner=OWNER), timeout=10)
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


def test_a_stored_dataset_case_opens_as_segment_volume_reads_it(
    service: Harness, storage: Storage, model_3d
) -> None:
    samples = [Sample(s.image, s.mask, "case", s.slice_index) for s in shape_samples(4, size=32, seed=9)]
    shards, pairs = write_shards(samples, target_bytes=4 * 1024)
    for path, data in shards.items():
        storage.objects[f"datasets/sessions/{path}"] = data
    for pair in pairs:
        pair.volume, pair.case_index = "case0", 0
    case = dataset_pb.DatasetCase(index=0, name="case0", depth=4, height=32, width=32, channels=1)
    case.geometry.spacing.extend([3.0, 1.0, 1.0])
    dataset = sources_pb2.DatasetSource(
        dataset_id="sessions",
        shards=[sources_pb2.ShardSource(path=p, url=storage.url(f"datasets/sessions/{p}")) for p in shards],
        pairs=pairs,
        label_values=[0, 1],
        cases=[case],
    )
    case_image = inference_pb.DatasetCaseImage(dataset=dataset, case_index=0)
    opened = service.open(pb.OpenSessionRequest(model=model_3d, dataset_case=case_image, owner=OWNER))
    # A case without an affine of its own is stored on its display grid: (i, j, k) = (slice, row, column).
    assert (opened.grid.size_x, opened.grid.size_y, opened.grid.size_z) == (4, 32, 32)
    result = service.segment_volume(
        inference_pb.SegmentVolumeRequest(model=model_3d, dataset_case=case_image)
    )
    np.testing.assert_array_equal(grid_mask(opened), nifti_array(result.mask_nifti))
    assert service.sessions.reused_results == 0  # opened before anything was segmented
    # Opened again after the case's SegmentVolume (the annotation page's proposal): its result is taken.
    again = service.open(pb.OpenSessionRequest(model=model_3d, dataset_case=case_image, owner=OWNER))
    assert service.sessions.reused_results == 1
    np.testing.assert_array_equal(grid_mask(again), grid_mask(opened))
    missing = inference_pb.DatasetCaseImage(dataset=dataset, case_index=7)
    error = aborted(
        lambda: service.open(pb.OpenSessionRequest(model=model_3d, dataset_case=missing, owner=OWNER))
    )
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT and "no case 7" in error.details
    assert len(service.store) == 2
