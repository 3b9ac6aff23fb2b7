"""SegmentVolume's channels: a colour photo's image NIfTI is RGB24 (NiiVue shows it in colour), gray stays
gray, and a 2-channel dataset case reaches a 2-channel model whole while its image NIfTI is channel 0."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import grpc
import nibabel as nib
import numpy as np
import pytest
import torch
from archive_factory import png_bytes
from model_factory import train_model
from safetensors.torch import load
from training_factory import Sample, Storage, serve_storage, shape_samples, write_shards

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dataset_pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2_grpc as pb_grpc
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.volume_predict import predict_volume
from medseg_ml.networks.factory import NetworkSpec, build_network
from medseg_ml.volumes.grid import VolumeGrid

RGB24 = 128


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def rgb_model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb2.ModelSource:
    return train_model(storage, "rgb", tmp_path_factory.mktemp("rgb"), epochs=1, samples=4, channels=3)


@pytest.fixture(scope="module")
def two_channel_model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb2.ModelSource:
    return train_model(storage, "two", tmp_path_factory.mktemp("two"), epochs=1, samples=4, channels=2)


@pytest.fixture
def stub(channel: grpc.Channel) -> pb_grpc.InferenceServiceStub:
    return pb_grpc.InferenceServiceStub(channel)


def segment(stub: pb_grpc.InferenceServiceStub, request: pb.SegmentVolumeRequest) -> pb.SegmentVolumeResult:
    events = list(stub.SegmentVolume(request, timeout=60))
    assert events[-1].WhichOneof("event") == "result"
    return events[-1].result


def read_nifti(data: bytes) -> nib.Nifti1Image:
    return nib.Nifti1Image.from_bytes(gzip.decompress(data))


def test_a_colour_photo_is_an_rgb_nifti_and_a_gray_one_stays_gray(
    stub: pb_grpc.InferenceServiceStub, rgb_model: sources_pb2.ModelSource
) -> None:
    rng = np.random.default_rng(3)
    photo = rng.integers(0, 256, (21, 27, 3), dtype=np.uint8)
    upload = pb.UploadedImage(data=png_bytes(photo), file_name="photo.png")
    result = segment(stub, pb.SegmentVolumeRequest(model=rgb_model, upload=upload))
    image = read_nifti(result.image_nifti)
    assert int(image.header["datatype"]) == RGB24 and image.shape == (1, 21, 27)
    grid = VolumeGrid.from_proto(result.geometry)
    voxels = grid.to_display(np.asarray(image.dataobj))[0]
    for c, name in enumerate("RGB"):
        np.testing.assert_array_equal(voxels[name], photo[..., c])
    assert result.channels == 3 and read_nifti(result.mask_nifti).shape == (1, 21, 27)

    gray = rng.integers(0, 256, (21, 27), dtype=np.uint8)
    upload = pb.UploadedImage(data=png_bytes(np.repeat(gray[..., None], 3, axis=2)), file_name="gray.png")
    result = segment(stub, pb.SegmentVolumeRequest(model=rgb_model, upload=upload))
    image = read_nifti(result.image_nifti)
    assert image.get_data_dtype() == np.uint8, "equal RGB channels are gray"
    shown = VolumeGrid.from_proto(result.geometry).to_display(np.asarray(image.dataobj))
    np.testing.assert_array_equal(shown[0], gray)


def test_a_two_channel_case_reaches_the_model_whole_and_shows_channel_0(
    stub: pb_grpc.InferenceServiceStub,
    storage: Storage,
    two_channel_model: sources_pb2.ModelSource,
    tmp_path: Path,
) -> None:
    # Channel 1 is channel 0 inverted: the two differ, so a lost or swapped channel shows.
    samples = []
    for s in shape_samples(3, size=32, seed=4):
        image = np.concatenate([s.image, 255 - s.image])
        samples.append(Sample(image, s.mask, "case", s.slice_index))
    shards, pairs = write_shards(samples)
    for path, data in shards.items():
        storage.objects[f"datasets/d2/{path}"] = data
    for i, pair in enumerate(pairs):
        pair.volume, pair.case_index, pair.slice_index = "case0", 0, i
    case = dataset_pb.DatasetCase(index=0, name="case0", depth=3, height=32, width=32, channels=2)
    case.geometry.spacing.extend([2.0, 1.0, 1.0])
    dataset = sources_pb2.DatasetSource(
        dataset_id="d2",
        shards=[sources_pb2.ShardSource(path=p, url=storage.url(f"datasets/d2/{p}")) for p in shards],
        pairs=pairs,
        label_values=[0, 1],
        cases=[case],
    )
    request = pb.SegmentVolumeRequest(
        model=two_channel_model, dataset_case=pb.DatasetCaseImage(dataset=dataset, case_index=0)
    )
    result = segment(stub, request)
    assert (result.channels, result.depth, result.height, result.width) == (2, 3, 32, 32)

    pixels = np.stack([s.image for s in samples], axis=1)
    grid = VolumeGrid.from_proto(result.geometry)
    shown = grid.to_display(np.asarray(read_nifti(result.image_nifti).dataobj))
    np.testing.assert_array_equal(shown, pixels[0])

    card = ModelCard.from_json(two_channel_model.card_json)
    network = build_network(NetworkSpec.from_dict(json.loads(two_channel_model.card_json)["network"]))
    network.load_state_dict(load(storage.objects["models/two/best.safetensors"]))
    assert card.channels == 2
    expected = predict_volume(network.eval(), card, pixels, (2.0, 1.0, 1.0), torch.device("cpu"))
    predicted = grid.to_display(np.asarray(read_nifti(result.mask_nifti).dataobj))
    np.testing.assert_array_equal(predicted, np.asarray(card.label_values)[expected])
