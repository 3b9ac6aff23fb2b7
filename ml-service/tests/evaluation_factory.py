"""A tiny trained model's network and small volume datasets for the evaluation and batch job tests."""

from __future__ import annotations

import torch
from safetensors.torch import load
from training_factory import Storage, shape_samples, write_shards

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dataset_pb
from medseg_ml.generated.medseg.v1 import sources_pb2 as sources_pb
from medseg_ml.generated.medseg.v1 import volume_pb2 as volume_pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.networks.factory import build_network

SPACING = (2.5, 0.8, 0.8)
CPU = torch.device("cpu")


def network_of(storage: Storage, model: sources_pb.ModelSource) -> torch.nn.Module:
    card = ModelCard.from_json(model.card_json)
    network = build_network(card.network)
    network.load_state_dict(load(storage.objects[f"models/{model.model_id}/best.safetensors"]))
    return network.eval()


def volume_dataset(storage: Storage, *, with_cases: bool):
    """Three volumes of two 40x40 slices, interleaved in pair order; the third is unlabeled."""
    samples = shape_samples(6, size=40, seed=3, volumes=3)
    shards, pairs = write_shards(samples, target_bytes=16 * 1024)
    for path, data in shards.items():
        storage.objects[f"vols/{path}"] = data
    for pair in pairs:
        pair.case_index = int(pair.volume[-2:])
        pair.unlabeled = pair.case_index == 2
    cases = [
        dataset_pb.DatasetCase(
            index=i,
            name=f"vol{i:02d}",
            depth=2,
            height=40,
            width=40,
            first_pair=i,
            unlabeled=i == 2,
            geometry=volume_pb.VolumeGeometry(spacing=list(SPACING)),
        )
        for i in range(3)
    ]
    source = sources_pb.DatasetSource(
        dataset_id="ds-vols",
        shards=[sources_pb.ShardSource(path=p, url=storage.url(f"vols/{p}")) for p in shards],
        pairs=pairs,
        label_values=[0, 1],
        channels=1,
        cases=cases if with_cases else [],
        labels=[volume_pb.LabelName(value=1, name="lesion")],
    )
    return source, samples
