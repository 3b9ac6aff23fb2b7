"""Prompts a guided model takes (points, boxes, scribbles, lassos), in the coordinates of the array the
network sees, and the bounds every prompt list is checked against before anything is allocated for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

PromptKind = Literal["point", "box", "scribble", "lasso"]
PROMPT_KINDS: tuple[PromptKind, ...] = ("point", "box", "scribble", "lasso")

# Guidance is two maps per class (clicks and strokes; boxes and lassos), so the input grows with the
# class count; an atlas of a hundred regions is not a guided model's job.
MAX_GUIDED_CLASSES = 16
MAX_PROMPTS = 256
MAX_VERTICES = 4096
# In all the prompts of one list (the whole list comes with every click): 16 strokes of the longest
# kind, or many shorter ones; what a list costs to send, parse and encode stays bounded by it.
MAX_TOTAL_VERTICES = 65536
# The class index 255 is MaskPatch's "unchanged".
assert MAX_GUIDED_CLASSES < 255


class PromptError(ValueError):
    """A prompt the model cannot take; the message says which and what to send instead."""


def check_total_vertices(total: int) -> None:
    """Raises PromptError when a list's prompts hold more than MAX_TOTAL_VERTICES in all."""
    if total > MAX_TOTAL_VERTICES:
        raise PromptError(
            f"the prompts hold {total} vertices in all; at most {MAX_TOTAL_VERTICES}: "
            "undo or clear some strokes, or draw them shorter"
        )


@dataclass(frozen=True)
class Prompt:
    """One prompt in array coordinates.

    Attributes:
        kind: point (one vertex), box (two opposite corners), scribble (a polyline), lasso (a polygon).
        class_index: 0 = background (negative: "not this"), 1.. = a class of the model.
        points: (N, D) float vertices in the array's axis order ((row, column) for 2D, (slice, row,
            column) for 3D); fractions allowed.
        plane_axis: for box, scribble and lasso in 3D, the array axis the drawing's slice is across
            (every vertex has the same coordinate on it); -1 in 2D and for points.
    """

    kind: PromptKind
    class_index: int
    points: np.ndarray
    plane_axis: int = -1

    @property
    def is_region(self) -> bool:
        """Boxes and lassos outline where the class is; points and scribbles mark voxels of it."""
        return self.kind in ("box", "lasso")


def check_prompts(prompts: Sequence[Prompt], shape: Sequence[int], class_count: int) -> None:
    """Refuse a prompt list before it is encoded.

    Args:
        shape: the array's spatial shape the coordinates index.
        class_count: the model's classes, background included.

    Raises:
        PromptError: too many prompts or vertices, an unknown kind or class, a vertex outside the
            array, the wrong number of vertices for the kind, or a drawing not in one slice.
    """
    if len(prompts) > MAX_PROMPTS:
        raise PromptError(
            f"{len(prompts)} prompts sent; at most {MAX_PROMPTS} are in force at once: undo some first"
        )
    check_total_vertices(sum(len(p.points) for p in prompts))
    dims = len(shape)
    for number, prompt in enumerate(prompts, start=1):
        where = f"prompt {number} ({prompt.kind})"
        if prompt.kind not in PROMPT_KINDS:
            kinds = ", ".join(PROMPT_KINDS)
            raise PromptError(f"prompt {number} has kind {prompt.kind!r}; expected one of {kinds}")
        if not 0 <= prompt.class_index < class_count:
            raise PromptError(
                f"{where} is for class {prompt.class_index}, but the model has classes 0 to "
                f"{class_count - 1} (0 = background, for a negative prompt)"
            )
        points = prompt.points
        if points.ndim != 2 or points.shape[1] != dims:
            raise PromptError(f"{where} needs vertices of {dims} coordinates")
        count = points.shape[0]
        if count > MAX_VERTICES:
            raise PromptError(f"{where} has {count} vertices; at most {MAX_VERTICES}: simplify the stroke")
        needed = {"point": (1, 1), "box": (2, 2), "scribble": (1, MAX_VERTICES), "lasso": (3, MAX_VERTICES)}
        low, high = needed[prompt.kind]
        if not low <= count <= high:
            wanted = str(low) if low == high else f"at least {low}"
            raise PromptError(f"{where} has {count} vertices; a {prompt.kind} has {wanted}")
        if not np.all(np.isfinite(points)):
            raise PromptError(f"{where} has a coordinate that is not a number")
        upper = np.asarray(shape, dtype=np.float64) - 0.5
        if np.any(points < -0.5) or np.any(points > upper):
            raise PromptError(f"{where} has a vertex outside the image (size {' x '.join(map(str, shape))})")
        if dims == 3 and prompt.kind != "point":
            if not 0 <= prompt.plane_axis < 3:
                raise PromptError(f"{where} needs the axis (0, 1 or 2) of the slice it was drawn in")
            across = np.rint(points[:, prompt.plane_axis])
            if np.any(across != across[0]):
                raise PromptError(f"{where} is not drawn in one slice: draw it within the slice shown")
