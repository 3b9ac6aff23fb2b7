"""A dataset's pairs as the items evaluation and batch jobs score: a whole case (all its slices, in slice
order, with the case's spacing) or one 2D image.

The gateway sends `DatasetSource.cases` with the geometry of every case its pairs reference. A dataset
stored before volumes were first-class has no cases: then each `volume` group of pairs is a case with
spacing 1 and its distances are in pixels, said so in the report ("px").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from medseg_ml.generated.medseg.v1 import sources_pb2, volume_pb2
from medseg_ml.metrics.scores import MM, PX
from medseg_ml.training.data import PairSource
from medseg_ml.volumes.grid import VolumeGrid

VOLUME = "volume"
IMAGE = "image"


@dataclass(frozen=True)
class CaseGroup:
    """Attributes:
    kind: "volume" (scored in 3D) or "image" (one 2D pair, scored in pixels).
    pairs: the case's pairs in slice order (one for an image).
    spacing: mm per (slice, row, column) of a volume; (1, 1) pixels for an image.
    distance_unit: "mm" for a volume with geometry, else "px".
    case_index: the DatasetCase index, None for an image or a volume without geometry.
    depth: the case's slice count as stored (the pairs may be fewer: a split of an older dataset).
    unlabeled: the pairs have no mask (MSD imagesTs/): segmented by batch jobs, never scored.
    grid: the case's source grid (DatasetCase.geometry), None without one; a batch writes its mask on it.
    """

    name: str
    kind: str
    pairs: tuple[PairSource, ...]
    spacing: tuple[float, ...]
    distance_unit: str
    case_index: int | None = None
    depth: int = 1
    unlabeled: bool = False
    grid: VolumeGrid | None = None


def case_groups(
    dataset: sources_pb2.DatasetSource, pairs: Sequence[PairSource], *, with_unlabeled: bool = False
) -> tuple[CaseGroup, ...]:
    """Group the pairs of `dataset` into items, in order of each item's first pair.

    Args:
        dataset: the request's dataset (its pairs' case_index / unlabeled flags, its cases).
        pairs: the checked pairs of `dataset` (same order).
        with_unlabeled: keep the unlabeled pairs (groups with `unlabeled` set: what a batch segments);
            without it they are left out (evaluation scores labelled pairs only).
    """
    cases = {c.index: c for c in dataset.cases}
    groups: dict[tuple[str, object], list[tuple[int, PairSource]]] = {}
    unlabeled: set[tuple[str, object]] = set()
    for source, pair in zip(dataset.pairs, pairs, strict=True):
        if source.unlabeled and not with_unlabeled:
            continue
        if not source.volume:
            key: tuple[str, object] = (IMAGE, pair.index)
        elif cases:
            key = (VOLUME, source.case_index)
        else:
            key = (VOLUME, source.volume)
        groups.setdefault(key, []).append((source.slice_index, pair))
        if source.unlabeled:
            unlabeled.add(key)
    return tuple(
        replace(_group(key, members, cases), unlabeled=key in unlabeled) for key, members in groups.items()
    )


def _group(
    key: tuple[str, object],
    members: list[tuple[int, PairSource]],
    cases: dict[int, sources_pb2.DatasetCase],
) -> CaseGroup:
    ordered = tuple(pair for _, pair in sorted(members, key=lambda m: m[0]))
    if key[0] == IMAGE:
        return CaseGroup(ordered[0].name, IMAGE, ordered, (1.0, 1.0), PX)
    case = cases.get(key[1]) if isinstance(key[1], int) else None
    spacing = tuple(float(s) for s in case.geometry.spacing) if case is not None else ()
    if case is None or len(spacing) != 3 or min(spacing) <= 0:
        return CaseGroup(ordered[0].volume, VOLUME, ordered, (1.0, 1.0, 1.0), PX, depth=len(ordered))
    return CaseGroup(
        case.name or ordered[0].volume,
        VOLUME,
        ordered,
        spacing,
        MM,
        case_index=case.index,
        depth=case.depth or len(ordered),
        grid=_grid(case.geometry),
    )


def _grid(geometry: volume_pb2.VolumeGeometry) -> VolumeGrid | None:
    """The case's source grid; None for a case stored with spacing only (no source shape and affine)."""
    try:
        return VolumeGrid.from_proto(geometry)
    except ValueError:
        return None
