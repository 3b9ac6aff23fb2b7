"""Evaluation and batch requests checked and turned into plain values before the job queues."""

from __future__ import annotations

from dataclasses import dataclass

from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.evaluation.cases import CaseGroup, case_groups
from medseg_ml.generated.medseg.v1 import batch_service_pb2, sources_pb2
from medseg_ml.generated.medseg.v1 import evaluation_service_pb2 as pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.models import ModelRef, model_ref
from medseg_ml.metrics.surface import DEFAULT_TOLERANCE
from medseg_ml.training.data import PairSource, ShardSource
from medseg_ml.training.job_spec import InvalidJobError, dataset_sources, require_http

DEFAULT_BATCH_SIZE = 8
MAX_BATCH_SIZE = 256


class InvalidRequestError(InvalidJobError):
    """The request cannot run; the message names the field and how to fix it."""


@dataclass(frozen=True)
class DatasetInput:
    """Pairs of a stored dataset; class i of the dataset stands for label_values[i].

    Attributes:
        groups: the labelled pairs as scoring items (whole cases and 2D images), evaluation's unit.
        label_names: label value -> name, for the values the dataset names.
    """

    dataset_id: str
    shards: tuple[ShardSource, ...]
    pairs: tuple[PairSource, ...]
    label_values: tuple[int, ...]
    groups: tuple[CaseGroup, ...] = ()
    label_names: tuple[tuple[int, str], ...] = ()
    # Every pair as items, unlabeled ones (MSD imagesTs/: no mask) included and flagged: segmented by
    # batch jobs, never scored.
    batch_groups: tuple[CaseGroup, ...] = ()

    def label_name(self, value: int) -> str:
        return dict(self.label_names).get(value, "")


@dataclass(frozen=True)
class ArchiveInput:
    url: str
    file_name: str


@dataclass(frozen=True)
class EvaluationSpec:
    job_id: str
    model: ModelRef
    dataset: DatasetInput
    subset: str
    report_url: str
    batch_size: int
    # The gateway's user the report belongs to, written into it; "" = none.
    owner_id: str = ""
    # NSD tolerance in mm (pixels for 2D images).
    surface_tolerance: float = DEFAULT_TOLERANCE
    test_time_mirroring: bool = False

    @property
    def noun(self) -> str:
        return "evaluation job"

    @classmethod
    def from_request(cls, request: pb.StartEvaluationJobRequest) -> EvaluationSpec:
        """Raises: ValueError (InvalidJobError, CardError) naming the field."""
        job_id = _job_id(request.job_id)
        model = model_ref(request.model)
        if not request.HasField("dataset"):
            raise InvalidRequestError("dataset is required: the pairs to score with their shards")
        dataset = dataset_input(request.dataset, model.card)
        if not dataset.groups:
            raise InvalidRequestError(
                "dataset.pairs are all unlabeled; evaluation scores labelled pairs only, pass some"
            )
        require_http("report_url", request.report_url)
        tolerance = request.surface_tolerance_mm
        if not tolerance >= 0 or tolerance > 1000:
            raise InvalidRequestError(
                "surface_tolerance_mm must be between 0 and 1000 mm "
                f"(0 = {DEFAULT_TOLERANCE}), got {tolerance}"
            )
        return cls(
            job_id,
            model,
            dataset,
            request.subset,
            request.report_url,
            _batch_size(request.batch_size),
            request.owner_id,
            tolerance or DEFAULT_TOLERANCE,
            request.test_time_mirroring,
        )


@dataclass(frozen=True)
class BatchTargets:
    masks_url: str
    csv_url: str
    report_url: str


@dataclass(frozen=True)
class BatchSpec:
    job_id: str
    model: ModelRef
    source: ArchiveInput | DatasetInput
    targets: BatchTargets
    batch_size: int
    limits: ArchiveLimits
    # The gateway's user the report belongs to, written into it; "" = none.
    owner_id: str = ""
    test_time_mirroring: bool = False

    @property
    def noun(self) -> str:
        return "batch job"

    @classmethod
    def from_request(cls, request: batch_service_pb2.StartBatchJobRequest) -> BatchSpec:
        """Raises: ValueError (InvalidJobError, CardError) naming the field."""
        job_id = _job_id(request.job_id)
        model = model_ref(request.model)
        kind = request.WhichOneof("input")
        source: ArchiveInput | DatasetInput
        if kind == "archive":
            require_http("archive.url", request.archive.url)
            source = ArchiveInput(request.archive.url, request.archive.file_name or "input.zip")
        elif kind == "dataset":
            source = dataset_input(request.dataset, model.card)
        else:
            raise InvalidRequestError("Set the input: archive (a ZIP of images) or dataset (its pairs)")
        targets = request.targets
        for name in ("masks_url", "csv_url", "report_url"):
            require_http(f"targets.{name}", getattr(targets, name))
        return cls(
            job_id,
            model,
            source,
            BatchTargets(targets.masks_url, targets.csv_url, targets.report_url),
            _batch_size(request.batch_size),
            ArchiveLimits.from_proto(request.limits),
            request.owner_id,
            request.test_time_mirroring,
        )


def dataset_input(dataset: sources_pb2.DatasetSource, card: ModelCard) -> DatasetInput:
    """Check a dataset's pairs, shards and labels against the model.

    Raises:
        InvalidRequestError: no pairs, a pair without its shard, or labels the model does not know.
    """
    shards, pairs, labels = dataset_sources(dataset)
    unknown = [v for v in labels if v not in card.label_values]
    if unknown:
        raise InvalidRequestError(
            f"dataset.label_values has {unknown}, which the model does not predict (its label values are "
            f"{list(card.label_values)}); use a dataset labelled with the model's classes"
        )
    if dataset.channels == 3 and card.channels == 1:
        raise InvalidRequestError(
            "dataset.channels is 3 (colour) but the model takes 1-channel (gray) images; "
            "use a grayscale dataset or a colour model"
        )
    if not pairs:
        raise InvalidRequestError("dataset.pairs is empty; pass at least one pair to process")
    names = tuple((int(label.value), label.name) for label in dataset.labels if label.name)
    groups = case_groups(dataset, pairs)
    batch_groups = case_groups(dataset, pairs, with_unlabeled=True)
    return DatasetInput(dataset.dataset_id, shards, pairs, labels, groups, names, batch_groups)


def _job_id(job_id: str) -> str:
    if not job_id.strip():
        raise InvalidRequestError("job_id is required (the evaluation or batch id)")
    return job_id


def _batch_size(value: int) -> int:
    if value > MAX_BATCH_SIZE:
        raise InvalidRequestError(f"batch_size must be at most {MAX_BATCH_SIZE} (0 = {DEFAULT_BATCH_SIZE})")
    return value or DEFAULT_BATCH_SIZE
