"""The dataset fingerprint (nnU-Net's term): what a 3D model's target spacing and patch size follow from.

Built from the cases one at a time (FingerprintBuilder.add), so the inspection never holds more than
one case's voxels: each case leaves its shape, spacing, label voxel counts and a small random sample
of its intensities (case_stats.POOL_SAMPLES_PER_CASE per channel).
"""

from __future__ import annotations

import numpy as np

from medseg_ml.datasets.case_stats import channel_intensity
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import volume_pb2 as vpb


class FingerprintBuilder:
    """Collects the labelled cases (unlabeled ones only when there are no labelled ones, as for a
    dataset of imagesTs/ alone) and summarizes them."""

    def __init__(self) -> None:
        self._labelled: list[tuple[pb.DatasetCase, np.ndarray]] = []
        self._unlabeled: list[tuple[pb.DatasetCase, np.ndarray]] = []

    def add(self, case: pb.DatasetCase, pool: np.ndarray) -> None:
        """`pool` is the case's (C, n) intensity sample (CaseStats.pool)."""
        (self._unlabeled if case.unlabeled else self._labelled).append((case, pool))

    def build(self, channel_names: list[str]) -> vpb.DatasetFingerprint:
        """The fingerprint; empty when no case was added.

        Args:
            channel_names: dataset.json's names per channel; empty to take each case's modality.
        """
        cases = self._labelled or self._unlabeled
        if not cases:
            return vpb.DatasetFingerprint()
        shapes = np.array([(c.depth, c.height, c.width) for c, _ in cases], dtype=np.float64)
        spacings = np.array([list(c.geometry.spacing) or [1.0, 1.0, 1.0] for c, _ in cases])
        channels = max(c.channels for c, _ in cases)
        fingerprint = vpb.DatasetFingerprint(
            case_count=len(cases),
            median_shape=np.median(shapes, axis=0).tolist(),
            median_spacing=np.median(spacings, axis=0).tolist(),
            min_spacing=spacings.min(axis=0).tolist(),
            max_spacing=spacings.max(axis=0).tolist(),
            channel_names=_channel_names(channel_names, cases, channels),
        )
        for c in range(channels):
            pooled = [pool[c] for case, pool in cases if case.channels > c]
            values = np.concatenate(pooled).astype(np.float64) if pooled else np.empty(0)
            fingerprint.intensities.append(channel_intensity(c, values))
        fingerprint.class_fractions.extend(_class_fractions(self._labelled))
        return fingerprint


def _class_fractions(cases: list[tuple[pb.DatasetCase, np.ndarray]]) -> list[vpb.ClassFraction]:
    totals: dict[int, int] = {}
    for case, _ in cases:
        for entry in case.label_voxels:
            totals[entry.value] = totals.get(entry.value, 0) + entry.voxels
    voxels = sum(totals.values())
    if not voxels:
        return []
    return [vpb.ClassFraction(value=v, fraction=n / voxels) for v, n in sorted(totals.items())]


def _channel_names(
    named: list[str], cases: list[tuple[pb.DatasetCase, np.ndarray]], channels: int
) -> list[str]:
    if len(named) == channels:
        return list(named)
    modality = next((c.modality for c, _ in cases if c.modality), "")
    return [modality] * channels
