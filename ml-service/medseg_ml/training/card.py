"""model.json: everything needed to rebuild, judge and reproduce a trained model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import torch

from medseg_ml.metrics.overlap import OVERLAP_NOTE
from medseg_ml.networks.factory import NetworkSpec
from medseg_ml.postprocessing import PostProcessing
from medseg_ml.preprocessing import INPUT_NORMALIZATION, VOLUME_INPUT_NORMALIZATION
from medseg_ml.training.artifacts import Artifact
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.records import TrainingResult
from medseg_ml.training.volume_source import PATCHES_PER_CASE
from medseg_ml.version import MONAI_VERSION, SERVICE_VERSION

CARD_FORMAT = "medseg-model-v1"
BEST_WEIGHTS_FILE = "best.safetensors"
LAST_WEIGHTS_FILE = "last.safetensors"
METRIC_NOTE = (
    "Validation on argmax predictions at input_size, per validation image: "
    + OVERLAP_NOTE
    + " val_dice_per_class includes background at index 0; val_dice and val_iou are over foreground."
)
VOLUME_METRIC_NOTE = (
    "Validation on argmax predictions of whole held-out volumes at target_spacing (sliding window, "
    "Gaussian weighting, overlap 0.5), per volume: "
    + OVERLAP_NOTE
    + " val_dice_per_class includes background at index 0; val_dice and val_iou are over foreground."
)


def build_card(
    spec: JobSpec,
    network: NetworkSpec,
    result: TrainingResult,
    best: Artifact,
    last: Artifact,
    *,
    device: str,
    unlisted_labels: tuple[int, ...],
    created_ms: int,
    started_ms: int,
    finished_ms: int,
    stopped_early: bool = False,
    postprocessing: PostProcessing | None = None,
) -> dict[str, Any]:
    """The model card as a JSON-ready dict.

    Args:
        stopped_early: a cancel ended the training before hp.epochs; the card's model is its best
            epoch so far.
        postprocessing: chosen on the validation cases with the best weights; None records none.
    """
    hp = spec.hyperparameters
    best_record = next((r for r in result.history if r.epoch == result.best_epoch), None)
    volume: dict[str, Any] = {}
    if hp.is_3d:
        volume = {
            "patch_size": list(hp.patch_size),
            "target_spacing": list(hp.target_spacing),
            "foreground_oversampling": hp.foreground_oversampling,
            "patches_per_case_per_epoch": PATCHES_PER_CASE,
            "intensity": [dict(rule) for rule in spec.intensity],
            "cases": [case.to_dict() for case in spec.cases],
        }
    return {
        "format": CARD_FORMAT,
        "model_id": spec.job_id,
        "job_id": spec.job_id,
        "name": spec.model_name,
        # The gateway reads it back on a resync: who owns the model.
        "owner_id": spec.owner_id or None,
        "architecture": hp.architecture,
        "hyperparameters": hp.to_dict(),
        "training": {**result.settings, "device": device, "epochs_run": len(result.history)},
        "network": network.to_dict(),
        "dataset": {"dataset_id": spec.dataset_id, "pair_count": len(spec.pairs)},
        # Which version of the dataset trained it (1 = as uploaded), and the model it was fine-tuned from.
        "dataset_version": spec.dataset_version,
        "parent_model_id": spec.parent_model_id or None,
        "split": {
            **spec.split.to_dict(),
            "seed": hp.seed,
            "validation_fraction": hp.validation_fraction,
        },
        "classes": {
            "label_values": list(spec.label_values),
            "class_count": spec.class_count,
            "background": spec.label_values[0],
            # Mask values found in training data that label_values does not list; they counted as background.
            "unlisted_labels_as_background": list(unlisted_labels),
        },
        "labels": [dict(label) for label in spec.labels],
        "channels": spec.channels,
        "spatial_dims": network.spatial_dims,
        "input_size": hp.input_size,
        "input_normalization": VOLUME_INPUT_NORMALIZATION if hp.is_3d else INPUT_NORMALIZATION,
        **volume,
        "metrics": {
            "note": VOLUME_METRIC_NOTE if hp.is_3d else METRIC_NOTE,
            "best_epoch": result.best_epoch,
            "best": best_record.to_dict() if best_record else None,
            "final": result.history[-1].to_dict() if result.history else None,
        },
        # Applied by every automatic prediction (inference, batch, evaluation), not by sessions; the
        # metrics above are the network's own, before it.
        "postprocessing": (postprocessing or PostProcessing.none()).to_dict(),
        "best_epoch": result.best_epoch,
        # The contract's spelling (docs/architecture.md): the gateway reads it when it rebuilds from S3.
        "stopped_early": stopped_early,
        "history": [r.to_dict() for r in result.history],
        "versions": {
            "torch": str(torch.__version__),
            "monai": MONAI_VERSION,
            "medseg_ml": SERVICE_VERSION,
        },
        "weights": {
            "format": "safetensors",
            "best": {"file": BEST_WEIGHTS_FILE, "sha256": best.sha256, "bytes": best.size},
            "last": {"file": LAST_WEIGHTS_FILE, "sha256": last.sha256, "bytes": last.size},
        },
        "created_at": _iso(created_ms),
        "started_at": _iso(started_ms),
        "finished_at": _iso(finished_ms),
    }


def _iso(unix_ms: int) -> str:
    return datetime.fromtimestamp(unix_ms / 1000, tz=UTC).isoformat(timespec="milliseconds")
