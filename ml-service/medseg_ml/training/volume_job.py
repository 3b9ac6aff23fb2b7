"""What a unet_3d job needs besides its pairs: its volumes (cases) with their spacing, and how each
channel is normalized. Checked when the job is started, so a dataset of 2D images is refused at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.preprocessing import intensity_plan
from medseg_ml.training.data import PairSource


class VolumeJobError(ValueError):
    """The dataset cannot train a unet_3d; the message says why and what to choose instead."""


@dataclass(frozen=True)
class CaseSource:
    """A volume of the job: its slices are the pairs with this case_index, in slice_index order."""

    index: int
    name: str
    # mm per (slice, row, column); 1 mm where the dataset gave none.
    spacing: tuple[float, float, float] = (1.0, 1.0, 1.0)
    modality: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "name": self.name, "spacing": list(self.spacing)}


def volume_job(
    dataset: sources_pb2.DatasetSource, pairs: Sequence[PairSource]
) -> tuple[tuple[CaseSource, ...], tuple[PairSource, ...], tuple[dict[str, Any], ...]]:
    """The cases of a unet_3d job, the pairs that belong to them, and the per-channel intensity rules.

    Pairs of plain 2D images (no volume) are left out: a 3D network has nothing to learn from them.

    Raises:
        VolumeJobError: the dataset has no volumes, or fewer than 2 labelled ones (1 to train, 1 to
            validate).
    """
    volume_pairs = tuple(p for p in pairs if p.volume)
    by_index = {c.index: c for c in dataset.cases}
    used = sorted({p.case_index for p in volume_pairs})
    if not volume_pairs:
        raise VolumeJobError(
            f"hyperparameters.architecture unet_3d trains on volumes, but dataset {dataset.dataset_id} "
            "holds only 2D images; choose unet, attention_unet or resunet, or upload NIfTI/DICOM volumes"
        )
    if len(used) < 2:
        raise VolumeJobError(
            f"unet_3d needs at least 2 labelled volumes (1 to train, 1 to validate); dataset "
            f"{dataset.dataset_id} has {len(used)}; add volumes or train a 2D architecture on its slices"
        )
    names = {p.case_index: p.volume for p in volume_pairs}
    cases = tuple(_case(i, names[i], by_index.get(i)) for i in used)
    fingerprint = dataset.fingerprint
    modalities = list(fingerprint.channel_names)
    if not modalities:
        # MSD v1 / DICOM: the case's modality stands for every channel when no channel is named.
        modalities = [cases[0].modality] * dataset.channels if cases[0].modality else []
    intensity = tuple(intensity_plan(dataset.channels, modalities, fingerprint.intensities))
    return cases, volume_pairs, intensity


def _case(index: int, name: str, case: Any) -> CaseSource:
    if case is None:
        return CaseSource(index, name)
    spacing = tuple(float(s) for s in case.geometry.spacing)
    if len(spacing) != 3 or min(spacing) <= 0:
        spacing = (1.0, 1.0, 1.0)
    return CaseSource(index, case.name or name, (spacing[0], spacing[1], spacing[2]), case.modality)
