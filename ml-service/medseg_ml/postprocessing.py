"""Post-processing learned on the validation cases, as nnU-Net does: per class, keep only the largest
connected component, and drop components smaller than a size, each when, and only when, it raises the
class's mean validation Dice. The choice is a small JSON-able record for the model card, applied the
same way by inference, batch jobs and evaluation, and undone by applying `PostProcessing.none()`.

Training cases may join the decision. nnU-Net decides on cross-validation predictions of every case;
one held-out block of a single scan may hold no case where a filter shows its worth (the middle of a
head has no slice without brain, where a speck is all the network predicts). So a filter is also chosen
when it raises the mean over validation and training cases together while the validation mean stays
within MIN_DICE_GAIN of where it was: the training cases show what it removes (false positives on
slices without the class, and the true small objects at a stack's ends, which the network predicts
well there), and validation vetoes what it would lose on unseen cases.

Sizes are counted on the grid the network predicts and validation scored (a 2D model's input_size
squared, unet_3d's target spacing); `apply` takes the output grid's voxels per network voxel, so an
image predicted at its own size loses what the same object at input_size would have lost.

One piece on purpose: the record, the filters it applies and the choice of them share one notion of a
component (connectivity, sizes on the network's grid), which must not drift apart.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from scipy import ndimage

from medseg_ml.job import Cancelled
from medseg_ml.metrics.overlap import mean_defined, overlap_of_counts

# A filter is chosen only when it gains more than this in mean validation Dice: a tie (or noise) keeps
# the prediction as the network made it.
MIN_DICE_GAIN = 1e-4
# The minimum sizes tried for a class, as fractions of the median size of its true components on the
# validation cases: a threshold relative to the class's typical object carries over between a liver and
# a lesion, and none of them removes an object of ordinary size. Validation picks one or none.
MIN_SIZE_FRACTIONS = (0.02, 0.05, 0.1, 0.2, 0.5)
MIN_SIZE_UNIT = (
    "voxels (pixels for a 2D model) on the grid the network predicts: input_size x input_size for a 2D "
    "model, the volume resampled to target_spacing for unet_3d; on another grid multiply by that grid's "
    "voxels per network voxel"
)


@dataclass(frozen=True)
class PostProcessing:
    """What is applied to a predicted mask of class indices, in this order.

    Attributes:
        largest_component_classes: class indices reduced to their largest connected component
            (connectivity: faces, edges and corners) with the rest set to background (0).
        validation_dice: per class (as str keys, for JSON) the mean validation Dice "before" any filter,
            "after" the largest-component filter alone, "after_min_size" with the best minimum size
            (after the largest-component decision; absent without a candidate size) and "final" with
            what was chosen: why each class was or was not post-processed.
        min_component_size: per class, components with fewer voxels than this become background
            (MIN_SIZE_UNIT).
        cases: how many validation cases the choice was made on.
        training_cases: how many training cases joined the decision (0: validation alone decided).
        note: how it was chosen, or why nothing was ("not chosen: ..."), for people reading the card.
    """

    largest_component_classes: tuple[int, ...] = ()
    validation_dice: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    min_component_size: Mapping[int, int] = field(default_factory=dict)
    cases: int = 0
    note: str = ""
    training_cases: int = 0

    @classmethod
    def none(cls, note: str = "") -> PostProcessing:
        return cls(note=note)

    @property
    def is_none(self) -> bool:
        return not self.largest_component_classes and not self.min_component_size

    def apply(self, mask: np.ndarray, voxel_scale: float = 1.0) -> np.ndarray:
        """The mask (any rank, integer class indices) post-processed; the input is left untouched.

        Args:
            voxel_scale: voxels of `mask` per voxel of the grid the sizes were chosen on (a 2D image
                at its own H x W: H * W / input_size**2).
        """
        out = keep_largest_component(mask, self.largest_component_classes)
        sizes = {c: size * voxel_scale for c, size in self.min_component_size.items()}
        return remove_small_components(out, sizes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "largest_component_classes": list(self.largest_component_classes),
            "min_component_size": {str(c): int(s) for c, s in sorted(self.min_component_size.items())},
            "min_component_size_unit": MIN_SIZE_UNIT,
            "validation_dice": {k: dict(v) for k, v in self.validation_dice.items()},
            "validation_cases": self.cases,
            "training_cases": self.training_cases,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PostProcessing:
        """A card's record; a card written before post-processing existed (None) applies nothing, one
        written before minimum sizes keeps only its largest-component classes.

        Raises:
            ValueError: a class that is not foreground, or a size below 1.
        """
        if not data:
            return cls.none()
        classes = tuple(int(c) for c in data.get("largest_component_classes", ()))
        sizes = {int(c): int(s) for c, s in (data.get("min_component_size") or {}).items()}
        if any(c <= 0 for c in (*classes, *sizes)):
            raise ValueError(
                f"post-processing classes must be foreground classes (> 0), got {sorted({*classes, *sizes})}"
            )
        if any(s < 1 for s in sizes.values()):
            raise ValueError(f"min_component_size must be at least 1 voxel, got {sizes}")
        return cls(
            classes,
            {str(k): dict(v) for k, v in (data.get("validation_dice") or {}).items()},
            sizes,
            int(data.get("validation_cases", 0)),
            str(data.get("note", "")),
            int(data.get("training_cases", 0)),
        )


def keep_largest_component(mask: np.ndarray, classes: Iterable[int]) -> np.ndarray:
    """Each listed class reduced to its largest connected component; smaller ones become background."""
    classes = tuple(classes)
    if not classes:
        return mask
    out = mask.copy()
    for c in classes:
        where = mask == c
        labels, sizes = _components(where)
        if len(sizes) <= 2:
            continue
        out[where & (labels != int(sizes.argmax()))] = 0
    return out


def remove_small_components(mask: np.ndarray, min_sizes: Mapping[int, float]) -> np.ndarray:
    """Components of each class smaller than its size become background; the input is left untouched
    (and returned as is when nothing is removed)."""
    out = mask
    for c, size in min_sizes.items():
        where = mask == c
        labels, sizes = _components(where)
        small = (sizes < size) & (sizes > 0)
        if not small.any():
            continue
        if out is mask:
            out = mask.copy()
        out[small[labels]] = 0
    return out


def choose_postprocessing(
    predictions: Sequence[np.ndarray],
    references: Sequence[np.ndarray],
    class_count: int,
    *,
    note: str = "",
    cancel: threading.Event | None = None,
    training_predictions: Sequence[np.ndarray] = (),
    training_references: Sequence[np.ndarray] = (),
) -> PostProcessing:
    """Decide, class by class, which filters help on these validation cases: the largest component
    first, then the best minimum size (MIN_SIZE_FRACTIONS of the class's median true component) on top
    of that decision.

    Args:
        predictions, references: matching masks of class indices (one pair per validation case, any
            rank); Dice is metrics.overlap's, so a case where a class is in neither is left out of its
            mean (a false positive removed from a case without the class leaves that case's mean).
        class_count: classes including background (0).
        note: kept in the record (how the cases were predicted).
        cancel: checked before each class.
        training_predictions, training_references: training cases that join the decision (see the
            module's docstring); without them validation alone decides.

    Raises:
        Cancelled: `cancel` was set.
    """
    validation = len(predictions)
    every_prediction = [*predictions, *training_predictions]
    every_reference = [*references, *training_references]
    largest: list[int] = []
    min_sizes: dict[int, int] = {}
    report: dict[str, dict[str, float]] = {}
    for c in range(1, class_count):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if not any(np.any(p == c) for p in every_prediction):
            continue
        choice = _ClassChoice(every_prediction, every_reference, c, validation)
        whole = [sizes > 0 for sizes in choice.sizes]
        kept = [_largest_only(sizes) for sizes in choice.sizes]
        before, after = choice.score(whole), choice.score(kept)
        entry = {"before": before.validation, "after": after.validation}
        alive, current = whole, before
        if after.improves_on(current):
            largest.append(c)
            alive, current = kept, after
        candidates = _candidate_sizes(choice.true_sizes)
        trials = [(size, choice.score(choice.at_least(alive, size))) for size in candidates]
        if trials:
            # Candidates ascend and max keeps the first of equals: a tie goes to the smaller size. Among
            # sizes validation would veto, none is chosen; the best of the rest is reported.
            allowed = [trial for trial in trials if trial[1].improves_on(current)] or trials
            size, score = max(allowed, key=lambda trial: trial[1].decisive)
            entry["after_min_size"] = score.validation
            if score.improves_on(current):
                min_sizes[c] = size
                current = score
        entry["final"] = current.validation
        if training_predictions:
            entry["with_training_before"] = before.combined
            entry["with_training_final"] = current.combined
        report[str(c)] = entry
    return PostProcessing(tuple(largest), report, min_sizes, validation, note, len(training_predictions))


@dataclass(frozen=True)
class _Score:
    """A class's mean Dice under one choice of components: on the validation cases, and on those and
    the training cases together (the same value when no training case joins)."""

    validation: float
    combined: float

    @property
    def decisive(self) -> float:
        return self.combined

    def improves_on(self, current: _Score) -> bool:
        return (
            self.combined > current.combined + MIN_DICE_GAIN
            and self.validation >= current.validation - MIN_DICE_GAIN
        )


class _ClassChoice:
    """One class on every case as counts: each predicted component's size and the true pixels it
    covers, and the case's true pixels. Any choice of components to keep is then scored from sums,
    by metrics.overlap's rule, without labelling or holding a mask again. The first `validation` cases
    are the validation cases."""

    def __init__(
        self, predictions: Sequence[np.ndarray], references: Sequence[np.ndarray], c: int, validation: int
    ) -> None:
        self.validation = validation
        self.sizes: list[np.ndarray] = []
        self.shared: list[np.ndarray] = []
        true_counts: list[int] = []
        true_sizes: list[np.ndarray] = []
        for predicted, reference in zip(predictions, references, strict=True):
            truth = np.asarray(reference) == c
            labels, sizes = _components(predicted == c)
            shared = np.bincount(labels[truth], minlength=len(sizes))
            shared[0] = 0
            self.sizes.append(sizes)
            self.shared.append(shared)
            true_counts.append(int(truth.sum()))
            true_sizes.append(_components(truth)[1][1:])
        self.true_counts = torch.tensor(true_counts, dtype=torch.int64)
        # Every true component's size on every case: what "a typical object" of the class is.
        self.true_sizes = np.concatenate(true_sizes)

    def at_least(self, alive: Sequence[np.ndarray], size: int) -> list[np.ndarray]:
        """`alive` less every component smaller than `size`."""
        return [a & (sizes >= size) for a, sizes in zip(alive, self.sizes, strict=True)]

    def score(self, alive: Sequence[np.ndarray]) -> _Score:
        """The class's mean Dice when case i keeps the components flagged (by label) in alive[i]; 0 when
        no case has a value."""
        predicted = torch.tensor([int(s[a].sum()) for a, s in zip(alive, self.sizes, strict=True)])
        shared = torch.tensor([int(s[a].sum()) for a, s in zip(alive, self.shared, strict=True)])
        dice = overlap_of_counts(shared, predicted, self.true_counts).dice.tolist()
        return _Score(mean_defined(dice[: self.validation]) or 0.0, mean_defined(dice) or 0.0)


def _components(where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Labels of a boolean mask's connected components (faces, edges and corners) and each label's size
    (label 0, the rest of the mask, counted as 0)."""
    structure = ndimage.generate_binary_structure(where.ndim, where.ndim)
    labels, _ = ndimage.label(where, structure=structure)
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    return labels, sizes


def _largest_only(sizes: np.ndarray) -> np.ndarray:
    alive = np.zeros(len(sizes), dtype=bool)
    if len(sizes) > 1:
        alive[int(sizes.argmax())] = True
    return alive


def _candidate_sizes(true_sizes: np.ndarray) -> list[int]:
    """Minimum sizes to try: fractions of the median true component, those that can remove anything."""
    if not len(true_sizes):
        return []
    median = float(np.median(true_sizes))
    return sorted({round(f * median) for f in MIN_SIZE_FRACTIONS} - {0, 1})
