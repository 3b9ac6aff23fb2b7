"""A StartTrainingJobRequest checked and turned into plain values, split included, before the job queues."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.guidance.prompts import MAX_GUIDED_CLASSES
from medseg_ml.networks.factory import NetworkSpec, network_spec
from medseg_ml.training.data import PairSource, ShardSource
from medseg_ml.training.hyperparameters import HyperparameterError, Hyperparameters
from medseg_ml.training.init_from import ParentModel, check_parent, parent_has_head
from medseg_ml.training.split import PairRef, Split, split_pairs
from medseg_ml.training.volume_job import CaseSource, volume_job
from medseg_ml.training.volume_plan import cases_fingerprint

# More channels than any multi-sequence MR protocol in the MSD has.
MAX_CHANNELS = 16

# A job id names its folder in the cache dir.
_JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


class InvalidJobError(ValueError):
    """The request cannot be trained; the message names the field."""


@dataclass(frozen=True)
class ArtifactUrls:
    best_weights: str
    last_weights: str
    card: str


@dataclass(frozen=True)
class JobSpec:
    job_id: str
    model_name: str
    hyperparameters: Hyperparameters
    dataset_id: str
    shards: tuple[ShardSource, ...]
    pairs: tuple[PairSource, ...]
    # Class i stands for label_values[i]; class 0 is background.
    label_values: tuple[int, ...]
    channels: int
    artifacts: ArtifactUrls
    split: Split
    # Continue from the job's epoch checkpoint when the ml-service has one.
    resume: bool = False
    # The gateway's user the model belongs to, written into the card; "" = none.
    owner_id: str = ""
    # Names (and colours) of the label values: {"value", "name", "color"}, from DatasetSource.labels.
    labels: tuple[dict[str, Any], ...] = ()
    # unet_3d: the volumes the pairs re-assemble into, and how each channel is normalized.
    cases: tuple[CaseSource, ...] = ()
    intensity: tuple[dict[str, Any], ...] = ()
    # The dataset version the pairs come from (DatasetSource.version; 0, an older gateway, is 1).
    dataset_version: int = 1
    # The model whose weights this one starts from (init_from); None = trained from scratch.
    parent: ParentModel | None = None
    # False for a fine-tune of a model trained before 1x1 heads, so its weights still fit.
    output_head: bool = True

    @property
    def parent_model_id(self) -> str:
        return self.parent.model_id if self.parent is not None else ""

    @property
    def network(self) -> NetworkSpec:
        hp = self.hyperparameters
        return network_spec(
            hp.architecture,
            self.channels,
            self.class_count,
            depth=hp.depth,
            base_channels=hp.base_channels,
            encoder_depth=hp.encoder_depth,
            dropout=hp.dropout,
            guided=hp.guided,
            input_size=hp.input_size,
            output_head=self.output_head,
        )

    @property
    def class_count(self) -> int:
        return len(self.label_values)

    @property
    def used_pairs(self) -> tuple[PairSource, ...]:
        """Training then validation pairs; the gap around a validation block is not loaded."""
        by_index = {p.index: p for p in self.pairs}
        return tuple(by_index[i] for i in (*self.split.train, *self.split.val))

    @property
    def used_shard_count(self) -> int:
        return len({p.shard_path for p in self.used_pairs})

    @property
    def fingerprint(self) -> str:
        """Same for two requests that train the same thing (URLs aside), so a checkpoint fits only its job."""
        what = {
            "hyperparameters": self.hyperparameters.to_dict(),
            "dataset_id": self.dataset_id,
            "label_values": self.label_values,
            "channels": self.channels,
            "train": self.split.train,
            "val": self.split.val,
            "intensity": self.intensity,
        }
        return hashlib.sha256(json.dumps(what, sort_keys=True, default=list).encode()).hexdigest()

    @classmethod
    def from_request(cls, request: pb.StartTrainingJobRequest) -> JobSpec:
        """Check the request and split its pairs.

        Raises:
            HyperparameterError: a hyper-parameter is out of range.
            InvalidJobError: any other field is missing or wrong.
        """
        if not request.job_id.strip():
            raise InvalidJobError("job_id is required")
        if not _JOB_ID.fullmatch(request.job_id):
            raise InvalidJobError(
                "job_id must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        dataset = request.dataset
        fingerprint = (
            dataset.fingerprint if dataset.HasField("fingerprint") else cases_fingerprint(dataset.cases)
        )
        hp = Hyperparameters.from_proto(request.hyperparameters, fingerprint)
        if not 1 <= dataset.channels <= MAX_CHANNELS:
            raise InvalidJobError(
                f"dataset.channels must be from 1 to {MAX_CHANNELS} (1 gray, 3 RGB, or a volume's "
                f"channel count), got {dataset.channels}"
            )
        shards, pairs, labels = dataset_sources(dataset, labelled_only=True)
        check_guided_classes(hp, len(labels))
        cases: tuple[CaseSource, ...] = ()
        intensity: tuple[dict[str, Any], ...] = ()
        if hp.is_3d:
            try:
                cases, pairs, intensity = volume_job(dataset, pairs)
            except ValueError as e:
                raise InvalidJobError(str(e)) from None
        artifacts = artifact_urls(request.artifacts)
        try:
            split = split_pairs(
                [PairRef(p.index, p.volume, p.slice_index, p.name) for p in pairs],
                hp.validation_fraction,
                hp.seed,
            )
        except ValueError as e:
            raise InvalidJobError(f"dataset.pairs: {e}") from None
        spec = cls(
            job_id=request.job_id,
            model_name=request.model_name,
            hyperparameters=hp,
            dataset_id=dataset.dataset_id,
            shards=shards,
            pairs=pairs,
            label_values=labels,
            channels=dataset.channels,
            artifacts=artifacts,
            split=split,
            resume=request.resume,
            owner_id=request.owner_id,
            labels=tuple({"value": int(n.value), "name": n.name, "color": n.color} for n in dataset.labels),
            cases=cases,
            intensity=intensity,
            dataset_version=dataset.version or 1,
        )
        if request.HasField("init_from") and (request.init_from.model_id or request.init_from.card_json):
            require_http("init_from.weights_url", request.init_from.weights_url)
            if spec.network.head is not None and not parent_has_head(request.init_from):
                spec = dataclasses.replace(spec, output_head=False)
            parent = check_parent(
                request.init_from, spec.network, spec.label_values, hp.input_size, tuple(hp.patch_size)
            )
            spec = dataclasses.replace(spec, parent=parent)
        return spec


def check_guided_classes(hp: Hyperparameters, class_count: int) -> None:
    """A guided network takes two guidance maps per class, so its classes are bounded; only the job knows
    the dataset's class count, which is why Hyperparameters.validate cannot check this.

    Raises:
        HyperparameterError: guided with more than MAX_GUIDED_CLASSES classes.
    """
    if hp.guided and class_count > MAX_GUIDED_CLASSES:
        raise HyperparameterError(
            f"hyperparameters.guided allows at most {MAX_GUIDED_CLASSES} classes (background included), "
            f"but the dataset has {class_count}: train without guided, or on a dataset with fewer labels"
        )


def dataset_sources(
    dataset: sources_pb2.DatasetSource, *, labelled_only: bool = False
) -> tuple[tuple[ShardSource, ...], tuple[PairSource, ...], tuple[int, ...]]:
    """The shards, pairs and label values of a dataset, checked; with `labelled_only`, without its
    unlabeled pairs (MSD imagesTs/: all-zero masks, never trained or validated on).

    Raises:
        InvalidJobError: labels not distinct or fewer than two, a shard URL not HTTP(S), a pair index
            listed twice, or a pair whose shard is not listed.
    """
    labels = tuple(int(v) for v in dataset.label_values)
    if len(labels) < 2 or len(set(labels)) != len(labels):
        raise InvalidJobError(
            "dataset.label_values must list distinct mask values, background first and at least one "
            f"class after it, got {list(labels)}"
        )
    shards = tuple(ShardSource(s.path, s.url) for s in dataset.shards)
    for i, shard in enumerate(shards):
        require_http(f"dataset.shards[{i}].url", shard.url)
    shard_paths = {s.path for s in shards}
    pairs = tuple(
        PairSource(p.index, p.name, p.shard_path, p.volume, p.slice_index, p.case_index, p.mask_shard_path)
        for p in dataset.pairs
        if not (labelled_only and p.unlabeled)
    )
    if len({p.index for p in pairs}) != len(pairs):
        raise InvalidJobError("dataset.pairs holds the same index more than once")
    for i, pair in enumerate(pairs):
        if pair.shard_path not in shard_paths:
            raise InvalidJobError(
                f"dataset.pairs[{i}].shard_path {pair.shard_path!r} has no entry in dataset.shards"
            )
        if pair.mask_shard_path and pair.mask_shard_path not in shard_paths:
            raise InvalidJobError(
                f"dataset.pairs[{i}].mask_shard_path {pair.mask_shard_path!r} has no entry in dataset.shards"
            )
    return shards, pairs, labels


def artifact_urls(targets: pb.ArtifactTargets) -> ArtifactUrls:
    """Raises: InvalidJobError: a URL is not HTTP(S)."""
    for name in ("best_weights_url", "last_weights_url", "card_url"):
        require_http(f"artifacts.{name}", getattr(targets, name))
    return ArtifactUrls(targets.best_weights_url, targets.last_weights_url, targets.card_url)


def require_http(field: str, url: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise InvalidJobError(f"{field} must be a presigned HTTP(S) URL")
