"""Tiny trained models for inference tests: trained in-process by the real job runner, stored in Storage;
and a thresholding stub, for tests that need to know exactly what a network predicts."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path

import torch
from safetensors.torch import save
from torch import nn
from training_factory import Storage, shape_samples, start_request

from medseg_ml.generated.medseg.v1 import sources_pb2 as pb
from medseg_ml.generated.medseg.v1 import training_service_pb2 as training_pb
from medseg_ml.networks.factory import build_network, network_spec
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.runner import TrainingEnv, run_job


def train_model(
    storage: Storage,
    model_id: str,
    work_dir: Path,
    *,
    epochs: int = 4,
    depth: int = 2,
    base_channels: int = 4,
    channels: int = 1,
    labels: Sequence[int] = (0, 1),
    samples: int = 8,
    dropout: float = 0.0,
) -> pb.ModelSource:
    """Train a small U-Net on generated shapes (32x32) and return the ModelSource that points at it."""
    hp = training_pb.Hyperparameters(
        epochs=epochs,
        batch_size=4,
        input_size=32,
        depth=depth,
        base_channels=base_channels,
        dropout=dropout,
    )
    data = shape_samples(samples, size=32, channels=channels, labels=list(labels[1:]))
    request = start_request(storage, model_id, data, hp, labels=labels, channels=channels)
    completed = run_job(
        JobSpec.from_request(request),
        TrainingEnv(torch.device("cpu"), work_dir / "training", work_dir / "jobs"),
        emit=lambda _event: None,
        cancel=threading.Event(),
        created_ms=0,
    )
    return pb.ModelSource(
        model_id=model_id,
        card_json=completed.card_json,
        weights_url=storage.url(f"models/{model_id}/best.safetensors"),
        weights_sha256=completed.best_weights_sha256,
    )


def with_id(source: pb.ModelSource, model_id: str) -> pb.ModelSource:
    """The same card and weights under another model id (a separate cache entry)."""
    copy = pb.ModelSource()
    copy.CopyFrom(source)
    copy.model_id = model_id
    return copy


def guided_model(
    storage: Storage,
    model_id: str,
    *,
    spatial_dims: int = 2,
    input_size: int = 32,
    labels: Sequence[int] = (0, 1),
    seed: int = 0,
    guided: bool = True,
) -> pb.ModelSource:
    """An untrained guided U-Net (seeded random weights) with the card training writes for one, stored in
    Storage: enough to test the session paths, which must not depend on what the weights learnt."""
    architecture = "unet_3d" if spatial_dims == 3 else "unet"
    spec = network_spec(
        architecture, 1, len(labels), depth=2, base_channels=4, guided=guided, input_size=input_size
    )
    torch.manual_seed(seed)
    network = build_network(spec)
    card: dict[str, object] = {
        "network": spec.to_dict(),
        "classes": {"label_values": list(labels), "class_count": len(labels)},
        "channels": 1,
        "input_size": input_size,
        "spatial_dims": spatial_dims,
    }
    if spatial_dims == 3:
        card |= {
            "patch_size": [16, 16, 16],
            "target_spacing": [2.0, 1.5, 1.5],
            "intensity": [{"channel": 0, "scheme": "zscore"}],
        }
    data = save(network.state_dict())
    path = f"models/{model_id}/best.safetensors"
    storage.objects[path] = data
    return pb.ModelSource(
        model_id=model_id,
        card_json=json.dumps(card),
        weights_url=storage.url(path),
        weights_sha256=hashlib.sha256(data).hexdigest(),
    )


class Threshold(nn.Module):
    """Class 1 where input channel 0 is above 0.5, 2D or 3D, once `scale` is positive (at 0 every voxel
    is a tie, which argmax gives to the background): what a test draws is what it predicts."""

    def __init__(self, scale: float = 10.0) -> None:
        super().__init__()
        self.scale = nn.Parameter(torch.tensor(scale))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        foreground = (x[:, :1] - 0.5) * self.scale
        return torch.cat([-foreground, foreground], dim=1)
