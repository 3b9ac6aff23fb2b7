"""The InspectResult: pairs, cases, warnings, statistics, label names and the fingerprint."""

from __future__ import annotations

from collections import Counter

from medseg_ml.datasets.case_files import LAYOUT_MSD, Layout
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import volume_pb2 as vpb

# The result travels in one gRPC message; a hostile archive of 100k stray files must not bloat it.
MAX_WARNINGS = 1000


class ResultBuilder:
    def __init__(self, limits: ArchiveLimits) -> None:
        self._limits = limits
        self.pairs: list[pb.DatasetPair] = []
        self.cases: list[pb.DatasetCase] = []
        self.warnings: list[pb.FileIssue] = []
        self.fingerprint = vpb.DatasetFingerprint()
        self.stats = pb.DatasetStats()
        # Segment labels a DICOM-SEG mask names; dataset.json and labels.json take precedence.
        self.segment_labels: dict[int, str] = {}
        self._labels: set[int] = set()
        self._sizes: Counter[tuple[int, int]] = Counter()
        self._formats: Counter[str] = Counter()
        self._modalities: Counter[str] = Counter()

    def warn(self, path: str, reason: str) -> None:
        self.warnings.append(pb.FileIssue(path=path, reason=reason))

    def add_pair(self, pair: pb.DatasetPair, image_format: str) -> None:
        self.pairs.append(pair)
        self._labels.update(pair.labels)
        self._sizes[(pair.width, pair.height)] += 1
        self._formats[image_format] += 1
        if pair.modality:
            self._modalities[pair.modality] += 1

    def refused(self, errors: list[str]) -> pb.InspectDatasetResponse:
        """The result for an archive refused as a whole: errors, no pairs."""
        return pb.InspectDatasetResponse(
            result=pb.InspectResult(errors=errors, warnings=self._capped_warnings(), stats=self.stats)
        )

    def result(self, layout: Layout) -> pb.InspectDatasetResponse:
        stats = self.stats
        stats.pair_count = len(self.pairs)
        # A 2D image is a one-slice case without geometry; volumes are the cases with one.
        stats.volume_count = len({c.name.lower() for c in self.cases if c.HasField("geometry")})
        stats.unlabeled_count = sum(c.unlabeled for c in self.cases)
        stats.channels = max((p.channels for p in self.pairs), default=1)
        stats.label_values[:] = sorted(self._labels)
        stats.class_count = len(self._labels)
        sizes = self._sizes.most_common()
        stats.sizes.extend(pb.SizeCount(width=w, height=h, count=n) for (w, h), n in sizes)
        stats.modalities.extend(pb.NameCount(name=k, count=n) for k, n in self._modalities.most_common())
        stats.formats.extend(pb.NameCount(name=k, count=n) for k, n in self._formats.most_common())
        labelled = any(not p.unlabeled for p in self.pairs)
        errors = (
            []
            if labelled
            else [f"No valid image/mask pair: {_summary(layout)}; see the warnings for each file"]
        )
        if too_many := self._limits.classes_error(len(self._labels), "The masks hold"):
            errors.append(too_many)
        names = layout.metadata.labels
        labels = [
            vpb.LabelName(value=v, name=names[v].name, color=names[v].color)
            if v in names
            else vpb.LabelName(value=v, name=self.segment_labels.get(v, ""))
            for v in sorted(self._labels)
        ]
        return pb.InspectDatasetResponse(
            result=pb.InspectResult(
                errors=errors,
                warnings=self._capped_warnings(),
                pairs=self.pairs,
                stats=stats,
                cases=self.cases,
                labels=labels,
                fingerprint=self.fingerprint if any(c.HasField("geometry") for c in self.cases) else None,
                layout=layout.kind,
            )
        )

    def _capped_warnings(self) -> list[pb.FileIssue]:
        if len(self.warnings) <= MAX_WARNINGS:
            return self.warnings
        more = len(self.warnings) - MAX_WARNINGS
        return [
            *self.warnings[:MAX_WARNINGS],
            pb.FileIssue(path="", reason=f"... and {more} more files skipped or adjusted"),
        ]


def _summary(layout: Layout) -> str:
    images, masks = ("imagesTr/", "labelsTr/") if layout.kind == LAYOUT_MSD else ("images/", "masks/")
    if layout.image_count == 0:
        return f"{images} holds no image files"
    if layout.mask_count == 0:
        return f"{masks} holds no mask files"
    # images/ + masks/ keeps a maskless image as an unlabeled case, which alone trains nothing.
    if not layout.cases or (layout.kind != LAYOUT_MSD and all(c.unlabeled for c in layout.cases)):
        return f"none of the {layout.image_count} images has a mask with the same name in {masks}"
    return f"all {len(layout.cases)} image/mask pairs failed to decode or did not match"
