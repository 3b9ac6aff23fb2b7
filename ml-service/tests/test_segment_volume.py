"""SegmentVolume end to end: the real ml-service segments whole volumes once, and writes them back on the
input's own grid."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

import grpc
import nibabel as nib
import numpy as np
import pytest
import torch
from archive_factory import png_bytes, zip_bytes
from model_factory import train_model
from safetensors.torch import load
from training_factory import Sample, Storage, serve_storage, shape_samples, write_shards

from medseg_ml.datasets.normalize import normalize_image
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dataset_pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2_grpc as pb_grpc
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.mirroring import Mirrored
from medseg_ml.inference.volume_predict import predict_volume
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decode import decode_file
from medseg_ml.networks.factory import NetworkSpec, build_network
from medseg_ml.volumes.grid import VolumeGrid

CPU = torch.device("cpu")
# Source axes (i, j, k) run left, anterior and inferior (LAI), spacing 0.8 x 0.9 x 2.5 mm, shifted:
# far from the canonical RAS grid, so any reorientation shows.
AFFINE = np.array(
    [[-0.8, 0.0, 0.0, 30.0], [0.0, 0.9, 0.0, -12.0], [0.0, 0.0, -2.5, 40.0], [0.0, 0.0, 0.0, 1.0]]
)


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb2.ModelSource:
    return train_model(storage, "volume", tmp_path_factory.mktemp("train"), epochs=2)


@pytest.fixture
def stub(channel: grpc.Channel) -> pb_grpc.InferenceServiceStub:
    return pb_grpc.InferenceServiceStub(channel)


def network_of(storage: Storage, source: sources_pb2.ModelSource) -> tuple[torch.nn.Module, ModelCard]:
    card = ModelCard.from_json(source.card_json)
    network = build_network(NetworkSpec.from_dict(json.loads(source.card_json)["network"]))
    network.load_state_dict(load(storage.objects[f"models/{source.model_id}/best.safetensors"]))
    return network.eval(), card


def direct_labels(network: torch.nn.Module, card: ModelCard, data: bytes, tmp_path: Path) -> np.ndarray:
    """Label values of a NIfTI (`data`) predicted in-process by predict_volume, on the file's own grid."""
    path = tmp_path / "direct.nii.gz"
    path.write_bytes(data)
    decoded = decode_file(path, ".nii.gz", as_mask=False, budget=DecodeBudget())
    assert decoded.grid is not None
    volume = normalize_image(decoded.pixels).transpose(1, 0, 2, 3)
    classes = predict_volume(network, card, volume, decoded.grid.spacing, CPU)
    return decoded.grid.to_source(np.asarray(card.label_values)[classes])


def source_volume() -> np.ndarray:
    """(40, 48, 12) int16 source array: shapes on noise, one per k slice."""
    slices = [s.image[0, :40, :48] for s in shape_samples(12, size=48, seed=5)]
    return np.stack(slices, axis=-1).astype(np.int16) * 3


def segment(
    stub: pb_grpc.InferenceServiceStub, request: pb.SegmentVolumeRequest
) -> tuple[list, pb.SegmentVolumeResult]:
    events = list(stub.SegmentVolume(request, timeout=60))
    assert events[-1].WhichOneof("event") == "result"
    assert all(e.WhichOneof("event") == "progress" for e in events[:-1])
    return [e.progress for e in events[:-1]], events[-1].result


def read_nifti(data: bytes) -> nib.Nifti1Image:
    return nib.Nifti1Image.from_bytes(gzip.decompress(data))


def test_a_nifti_mask_is_voxel_identical_to_a_direct_prediction_on_the_input_grid(
    stub: pb_grpc.InferenceServiceStub, storage: Storage, model: sources_pb2.ModelSource, tmp_path: Path
) -> None:
    data = gzip.compress(nib.Nifti1Image(source_volume(), AFFINE).to_bytes())
    request = pb.SegmentVolumeRequest(
        model=model, upload=pb.UploadedImage(data=data, file_name="head.nii.gz")
    )
    progress, result = segment(stub, request)

    network, card = network_of(storage, model)
    expected = direct_labels(network, card, data, tmp_path)
    assert expected.any() and not expected.all(), "the tiny model should find some shapes"

    mask = read_nifti(result.mask_nifti)
    assert mask.shape == (40, 48, 12)
    np.testing.assert_array_equal(np.asarray(mask.dataobj), expected)
    np.testing.assert_allclose(mask.affine, AFFINE)
    assert result.image_nifti == data, "a NIfTI input is passed on as given"
    assert (result.depth, result.height, result.width, result.channels) == (12, 48, 40, 1)
    grid = VolumeGrid.from_proto(result.geometry)
    np.testing.assert_allclose(grid.spacing, (2.5, 0.9, 0.8))
    assert progress[-1].done == progress[-1].total == 12
    assert list(result.label_values) == [0, 1] and [(x.value, x.name) for x in result.labels] == [(1, "")]
    [voxels] = result.label_voxels
    assert voxels.value == 1 and voxels.voxels == int(expected.sum())
    assert voxels.volume_ml == pytest.approx(voxels.voxels * 0.8 * 0.9 * 2.5 / 1000)
    assert result.window_width > 0 and not result.HasField("scores") and result.dicom_seg == b""
    assert result.timings.forward_ms > 0 and result.timings.total_ms >= result.timings.forward_ms


def test_a_2d_image_is_a_one_slice_volume(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource
) -> None:
    image = shape_samples(1, size=48, seed=2)[0].image[0, :33, :35]
    request = pb.SegmentVolumeRequest(
        model=model, upload=pb.UploadedImage(data=png_bytes(image), file_name="a.png")
    )
    _, result = segment(stub, request)
    assert (result.depth, result.height, result.width) == (1, 33, 35)
    image_nifti = read_nifti(result.image_nifti)
    mask = np.asarray(read_nifti(result.mask_nifti).dataobj)
    assert mask.shape == image_nifti.shape == (1, 33, 35)
    np.testing.assert_array_equal(np.asarray(image_nifti.dataobj)[0], image)
    assert result.label_voxels[0].volume_ml == 0, "pixels have no volume"


def test_a_dataset_case_is_reassembled_and_scored(
    stub: pb_grpc.InferenceServiceStub, storage: Storage, model: sources_pb2.ModelSource
) -> None:
    # Case 1's slices come from two shards and in shuffled order; case 0 sits before them.
    samples = [
        Sample(s.image, s.mask, "case", s.slice_index) for s in shape_samples(6, size=32, seed=9, volumes=2)
    ]
    shards, pairs = write_shards(samples, target_bytes=4 * 1024)
    for path, data in shards.items():
        storage.objects[f"datasets/d1/{path}"] = data
    for pair in pairs:
        pair.volume = f"case{pair.index % 2}"
        pair.case_index = pair.index % 2
    case = dataset_pb.DatasetCase(index=1, name="case1", depth=3, height=32, width=32, channels=1)
    case.geometry.spacing.extend([3.0, 1.0, 1.0])
    dataset = sources_pb2.DatasetSource(
        dataset_id="d1",
        shards=[sources_pb2.ShardSource(path=p, url=storage.url(f"datasets/d1/{p}")) for p in shards],
        pairs=list(reversed(pairs)),
        label_values=[0, 1],
        cases=[case],
    )
    request = pb.SegmentVolumeRequest(
        model=model, dataset_case=pb.DatasetCaseImage(dataset=dataset, case_index=1)
    )
    _, result = segment(stub, request)
    assert (result.depth, result.height, result.width) == (3, 32, 32)
    truth = np.stack([samples[i].mask for i in (1, 3, 5)])
    ground_truth = read_nifti(result.ground_truth_nifti)
    grid = VolumeGrid.from_proto(result.geometry)
    np.testing.assert_allclose(ground_truth.affine, grid.source_affine)
    np.testing.assert_array_equal(grid.to_display(np.asarray(ground_truth.dataobj)), truth)
    scores = result.scores
    assert scores.distance_unit == "mm" and len(scores.dice_per_class) == 2
    predicted = grid.to_display(np.asarray(read_nifti(result.mask_nifti).dataobj))
    shared = np.logical_and(predicted == 1, truth == 1).sum()
    assert scores.dice == pytest.approx(2 * shared / ((predicted == 1).sum() + (truth == 1).sum()))


def test_test_time_mirroring_predicts_every_slice_with_the_mean_over_its_mirror_images(
    stub: pb_grpc.InferenceServiceStub, storage: Storage, model: sources_pb2.ModelSource, tmp_path: Path
) -> None:
    data = gzip.compress(nib.Nifti1Image(source_volume(), AFFINE).to_bytes())
    request = pb.SegmentVolumeRequest(
        model=model, upload=pb.UploadedImage(data=data, file_name="head.nii.gz"), test_time_mirroring=True
    )
    _, mirrored = segment(stub, request)

    network, card = network_of(storage, model)
    expected = direct_labels(Mirrored(network, 2), card, data, tmp_path)
    np.testing.assert_array_equal(np.asarray(read_nifti(mirrored.mask_nifti).dataobj), expected)


def test_an_unreadable_upload_is_invalid_argument(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource
) -> None:
    request = pb.SegmentVolumeRequest(
        model=model, upload=pb.UploadedImage(data=b"not a volume", file_name="x.nii")
    )
    with pytest.raises(grpc.RpcError) as caught:
        list(stub.SegmentVolume(request, timeout=30))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "x.nii" in (caught.value.details() or "")
    empty = pb.SegmentVolumeRequest(model=model)
    with pytest.raises(grpc.RpcError) as caught:
        list(stub.SegmentVolume(empty, timeout=30))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_a_zip_of_one_dicom_series_gives_a_dicom_seg_highdicom_reads(
    stub: pb_grpc.InferenceServiceStub, model: sources_pb2.ModelSource
) -> None:
    import highdicom as hd
    from volume_factory import dicom_series_files

    files, uids = dicom_series_files({"ct": 1}, masks=False)
    data = zip_bytes(files)
    request = pb.SegmentVolumeRequest(model=model, upload=pb.UploadedImage(data=data, file_name="series.zip"))
    _, result = segment(stub, request)
    assert result.depth == len(files) and result.dicom_seg, "a DICOM series gets a DICOM-SEG"
    seg = hd.seg.segread(io.BytesIO(result.dicom_seg))
    assert seg.Modality == "SEG"
    referenced = {s.SeriesInstanceUID for s in seg.ReferencedSeriesSequence}
    assert referenced == set(uids["ct"])


def test_a_2d_dataset_image_is_a_one_slice_case(
    stub: pb_grpc.InferenceServiceStub, storage: Storage, model: sources_pb2.ModelSource
) -> None:
    # Since every 2D image is a case, its pair names no volume: the case's pair range finds it.
    samples = shape_samples(3, size=32, seed=4)
    shards, pairs = write_shards(samples, target_bytes=4 * 1024)
    for path, data in shards.items():
        storage.objects[f"datasets/d2/{path}"] = data
    for pair in pairs:
        pair.case_index = pair.index
    case = dataset_pb.DatasetCase(
        index=2, name="slice2", depth=1, height=32, width=32, channels=1, first_pair=2
    )
    dataset = sources_pb2.DatasetSource(
        dataset_id="d2",
        shards=[sources_pb2.ShardSource(path=p, url=storage.url(f"datasets/d2/{p}")) for p in shards],
        pairs=pairs,
        label_values=[0, 1],
        cases=[case],
    )
    request = pb.SegmentVolumeRequest(
        model=model, dataset_case=pb.DatasetCaseImage(dataset=dataset, case_index=2)
    )
    _, result = segment(stub, request)
    assert (result.depth, result.height, result.width) == (1, 32, 32)
    truth = np.asarray(read_nifti(result.ground_truth_nifti).dataobj)
    np.testing.assert_array_equal(truth.reshape(32, 32), samples[2].mask)
