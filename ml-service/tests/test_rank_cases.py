"""RankCases: the annotation queue's order. A case the model is sure of scores below one it is not;
MC dropout needs dropout layers and says when it fell back."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import numpy as np
import pytest
import torch
from model_factory import train_model
from training_factory import Sample, Storage, serve_storage, shape_samples, write_shards

from medseg_ml.datasets.normalize import normalize_image
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dataset_pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2_grpc as pb_grpc
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.uncertainty import case_uncertainty, dropout_copy, has_dropout

EASY = 4


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb2.ModelSource:
    return train_model(
        storage, "ranker", tmp_path_factory.mktemp("train"), epochs=40, base_channels=8, samples=16
    )


def _dataset(storage: Storage) -> sources_pb2.DatasetSource:
    # Cases 0..3 are training images themselves (train_model's shape_samples); 4..7 are bright noise.
    easy = shape_samples(16, size=32)[:EASY]
    noise = np.random.default_rng(7)
    hard = [
        Sample(noise.integers(0, 256, (1, 32, 32), dtype=np.uint8), np.zeros((32, 32), np.uint8))
        for _ in range(4)
    ]
    shards, pairs = write_shards(easy + hard, target_bytes=4 * 1024)
    for path, data in shards.items():
        storage.objects[f"datasets/rank/{path}"] = data
    for pair in pairs:
        pair.case_index = pair.index
    cases = [
        dataset_pb.DatasetCase(index=i, name=f"c{i}", depth=1, height=32, width=32, channels=1, first_pair=i)
        for i in range(len(pairs))
    ]
    return sources_pb2.DatasetSource(
        dataset_id="rank",
        shards=[sources_pb2.ShardSource(path=p, url=storage.url(f"datasets/rank/{p}")) for p in shards],
        pairs=pairs,
        label_values=[0, 1],
        cases=cases,
    )


def _rank(channel: grpc.Channel, request: pb.RankCasesRequest) -> tuple[list[pb.CaseUncertainty], list[int]]:
    cases, progress = [], []
    for response in pb_grpc.InferenceServiceStub(channel).RankCases(request, timeout=120):
        if response.HasField("case"):
            cases.append(response.case)
        else:
            progress.append(response.progress.done)
    return cases, progress


def test_every_case_gets_a_score_in_request_order_with_progress(
    channel: grpc.Channel, storage: Storage, model: sources_pb2.ModelSource
) -> None:
    request = pb.RankCasesRequest(
        model=model, dataset=_dataset(storage), method=pb.UNCERTAINTY_METHOD_ENTROPY
    )
    cases, progress = _rank(channel, request)
    assert [c.case_index for c in cases] == list(range(8)), "one score per case, in request order"
    assert progress == list(range(9))
    assert all(0.0 <= c.score <= 1.0 and c.method == pb.UNCERTAINTY_METHOD_ENTROPY for c in cases)
    assert len({round(c.score, 6) for c in cases}) > 1, "the scores tell cases apart"


def test_a_case_the_model_is_sure_of_scores_below_one_it_is_not(model: sources_pb2.ModelSource) -> None:
    # A network sure where the prepared input (0..1) is far from 0.5 and unsure near it: a two-valued
    # image is sure everywhere, a noise image around mid-gray unsure wherever the noise is near it.
    card = ModelCard.from_json(model.card_json)
    network = torch.nn.Conv2d(1, 2, 1).eval()
    with torch.no_grad():
        network.weight.copy_(torch.tensor([20.0, -20.0]).reshape(2, 1, 1, 1))
        network.bias.copy_(torch.tensor([-10.0, 10.0]))
    rng = np.random.default_rng(3)
    sure = np.where(rng.random((4, 1, 32, 32)) > 0.5, 200, 20).astype(np.uint8)  # (Z, C, H, W)
    unsure = np.clip(rng.normal(110, 40, (4, 1, 32, 32)), 0, 255).astype(np.uint8)
    cpu = torch.device("cpu")
    low, method = case_uncertainty(
        network, card, normalize_image(sure).transpose(1, 0, 2, 3), (1.0, 1.0, 1.0), cpu
    )
    high, _ = case_uncertainty(
        network, card, normalize_image(unsure).transpose(1, 0, 2, 3), (1.0, 1.0, 1.0), cpu
    )
    assert method == pb.UNCERTAINTY_METHOD_ENTROPY
    assert low < 0.01 < 0.1 < high <= 1.0, (low, high)


def test_mc_dropout_without_dropout_layers_falls_back_to_entropy(
    channel: grpc.Channel, storage: Storage, model: sources_pb2.ModelSource
) -> None:
    request = pb.RankCasesRequest(
        model=model, dataset=_dataset(storage), case_indices=[5, 1], method=pb.UNCERTAINTY_METHOD_MC_DROPOUT
    )
    cases, _ = _rank(channel, request)
    assert [c.case_index for c in cases] == [5, 1]
    assert all(c.method == pb.UNCERTAINTY_METHOD_ENTROPY for c in cases)


def test_mc_dropout_on_a_model_with_dropout_reports_its_variance(
    channel: grpc.Channel, storage: Storage, tmp_path_factory: pytest.TempPathFactory
) -> None:
    dropped = train_model(
        storage, "dropped", tmp_path_factory.mktemp("dropout"), epochs=4, base_channels=8, dropout=0.2
    )
    assert ModelCard.from_json(dropped.card_json).network.kwargs["dropout"] == 0.2
    request = pb.RankCasesRequest(
        model=dropped, dataset=_dataset(storage), case_indices=[5, 1], method=pb.UNCERTAINTY_METHOD_MC_DROPOUT
    )
    cases, _ = _rank(channel, request)
    assert [c.case_index for c in cases] == [5, 1]
    assert all(c.method == pb.UNCERTAINTY_METHOD_MC_DROPOUT and c.score > 0 for c in cases), cases


def test_a_case_not_in_the_request_is_refused(
    channel: grpc.Channel, storage: Storage, model: sources_pb2.ModelSource
) -> None:
    request = pb.RankCasesRequest(model=model, dataset=_dataset(storage), case_indices=[42])
    with pytest.raises(grpc.RpcError) as caught:
        _rank(channel, request)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "42" in caught.value.details()


def test_the_dropout_copy_samples_and_leaves_the_shared_network_alone() -> None:
    network = torch.nn.Sequential(torch.nn.Conv2d(1, 64, 3), torch.nn.Dropout2d(0.5)).eval()
    assert has_dropout(network) and not has_dropout(torch.nn.Conv2d(1, 1, 1))
    sampler = dropout_copy(network)
    x = torch.ones(1, 1, 8, 8)
    assert not torch.equal(sampler(x), sampler(x)), "dropout samples in the copy"
    assert torch.equal(network(x), network(x)) and not network.training, "the shared network stays in eval"
