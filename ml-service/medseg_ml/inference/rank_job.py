"""RankCases' work for one case, all of it blocking (run on the torch thread): read the stored case
from its shards, score how unsure the model is on it."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dataset_pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.uncertainty import MC_DROPOUT, case_uncertainty, dropout_copy, has_dropout
from medseg_ml.inference.volume_inputs import case_volume


def sampling_network(network: nn.Module, method: int) -> nn.Module | None:
    """The dropout-sampling copy MC_DROPOUT needs, made once per request; None otherwise."""
    return dropout_copy(network) if method == MC_DROPOUT and has_dropout(network) else None


def rank_case(
    dataset: sources_pb2.DatasetSource,
    case_index: int,
    network: nn.Module,
    card: ModelCard,
    device: torch.device,
    work_dir: Path,
    request: pb.RankCasesRequest,
    sampler: nn.Module | None,
) -> pb.CaseUncertainty:
    """Raises:
    InputError: the case is not in `dataset`, or does not fit the model.
    StorageError: a shard could not be fetched.
    """
    max_pixels = ArchiveLimits.from_proto(dataset_pb.DatasetLimits()).max_pixels_per_slice
    volume = case_volume(pb.DatasetCaseImage(dataset=dataset, case_index=case_index), max_pixels, work_dir)
    score, method = case_uncertainty(
        network,
        card,
        volume.pixels,
        volume.spacing,
        device,
        method=request.method or pb.UNCERTAINTY_METHOD_ENTROPY,
        samples=request.dropout_samples,
        sampling_network=sampler,
    )
    return pb.CaseUncertainty(case_index=case_index, score=score, method=method)
