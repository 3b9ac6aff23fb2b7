"""Deterministic train/validation split that keeps neighbouring slices out of both sides.

Slices of one volume look alike, so validating on slices whose neighbours were trained on would
overstate the model. The split therefore depends on what the dataset holds:

- several volumes (with or without plain 2D images): whole volumes go to validation, chosen by seed;
  each plain 2D image counts as a volume of its own;
- exactly one volume and nothing else: validation is one contiguous block of slices in the middle, and
  a gap of max(2, 5% of the slices) on each side of it is left out of training;
- only plain 2D images: a seeded random split by pair, unless their names number them as slices of
  a stack (`colin27_z000` … `colin27_z180`: one prefix, distinct numbers, at least
  MIN_STACK_SLICES of them); such a stack is split like a volume, since exported slices of one
  scan are just as alike as the slices of a NIfTI volume.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

SplitMethod = Literal["by_volume", "volume_block", "random_pairs"]

MIN_GAP_SLICES = 2
GAP_FRACTION = 0.05
# Fewer numbered images than this are treated as independent images, not slices of one scan.
MIN_STACK_SLICES = 16
_NUMBERED = re.compile(r"^(.*?)(\d+)$")


class SplitError(ValueError):
    """The pairs cannot be split into non-empty training and validation sets."""


@dataclass(frozen=True)
class PairRef:
    """What the split needs to know about a pair."""

    index: int
    volume: str = ""
    slice_index: int = 0
    # The pair's name (its file stem); numbered names reveal slice stacks among 2D images.
    name: str = ""


@dataclass(frozen=True)
class Split:
    method: SplitMethod
    train: tuple[int, ...]
    val: tuple[int, ...]
    # Pairs on neither side (the gap around a validation block).
    excluded: tuple[int, ...] = ()
    # Method-specific facts for the model card: validation volumes, block bounds, gap size.
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "train": list(self.train),
            "val": list(self.val),
            "excluded": list(self.excluded),
            **self.details,
        }


def split_pairs(pairs: Sequence[PairRef], fraction: float, seed: int) -> Split:
    """Split `pairs` so that about `fraction` of them validate.

    Args:
        fraction: share of pairs for validation, in (0, 0.5].
        seed: the same pairs, fraction and seed always give the same split.

    Returns:
        Pair indices of each side, ascending.

    Raises:
        SplitError: fewer than 2 pairs, or a volume too short to split.
    """
    if len(pairs) < 2:
        raise SplitError(
            f"Training needs at least 2 pairs (1 to train, 1 to validate); the dataset has {len(pairs)}"
        )
    pairs = _with_inferred_stacks(pairs)
    volumes = {p.volume for p in pairs if p.volume}
    if not volumes:
        return _random_pairs(pairs, fraction, seed)
    if len(volumes) == 1 and all(p.volume for p in pairs):
        return _volume_block(pairs, fraction)
    return _by_volume(pairs, fraction, seed)


def _with_inferred_stacks(pairs: Sequence[PairRef]) -> Sequence[PairRef]:
    """Give numbered 2D images of one stack a volume (the name's prefix) and a slice index (the number)."""
    if any(p.volume for p in pairs):
        return pairs
    groups: dict[str, list[tuple[PairRef, int]]] = {}
    for p in pairs:
        match = _NUMBERED.match(p.name)
        if match:
            groups.setdefault(match.group(1), []).append((p, int(match.group(2))))
    stacks = {
        prefix: members
        for prefix, members in groups.items()
        if len(members) >= MIN_STACK_SLICES and len({n for _, n in members}) == len(members)
    }
    if not stacks:
        return pairs
    inferred = {
        p.index: PairRef(p.index, f"{prefix}*", n, p.name)
        for prefix, members in stacks.items()
        for p, n in members
    }
    return [inferred.get(p.index, p) for p in pairs]


def _target(count: int, fraction: float) -> int:
    return min(count - 1, max(1, round(count * fraction)))


def _random_pairs(pairs: Sequence[PairRef], fraction: float, seed: int) -> Split:
    order = sorted(p.index for p in pairs)
    random.Random(seed).shuffle(order)
    n_val = _target(len(order), fraction)
    return Split("random_pairs", tuple(sorted(order[n_val:])), tuple(sorted(order[:n_val])))


def _by_volume(pairs: Sequence[PairRef], fraction: float, seed: int) -> Split:
    groups: dict[str, list[int]] = {}
    for p in pairs:
        # A plain 2D image is a group of its own; the prefix cannot clash with a volume name.
        key = p.volume or f"\0pair-{p.index}"
        groups.setdefault(key, []).append(p.index)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    target = len(pairs) * fraction
    chosen: list[str] = []
    size = 0
    # Whole groups that still fit under the target first, then the smallest one that reaches it.
    for key in keys:
        if len(chosen) < len(keys) - 1 and size + len(groups[key]) <= target:
            chosen.append(key)
            size += len(groups[key])
    rest = [k for k in keys if k not in chosen]
    if (size < target or not chosen) and len(rest) > 1:
        smallest = min(rest, key=lambda k: len(groups[k]))
        chosen.append(smallest)
    val = sorted(i for key in chosen for i in groups[key])
    train = sorted(i for key in keys if key not in chosen for i in groups[key])
    val_volumes = sorted(k for k in chosen if not k.startswith("\0"))
    return Split("by_volume", tuple(train), tuple(val), details={"validation_volumes": val_volumes})


def _volume_block(pairs: Sequence[PairRef], fraction: float) -> Split:
    ordered = sorted(pairs, key=lambda p: (p.slice_index, p.index))
    n = len(ordered)
    n_val = _target(n, fraction)
    gap = max(MIN_GAP_SLICES, math.ceil(n * GAP_FRACTION))
    # A short volume cannot afford the full gap; keep at least one training slice on one side.
    gap = min(gap, (n - n_val - 1) // 2)
    if gap < 1:
        raise SplitError(
            f"Volume {ordered[0].volume} has {n} slices, too few to hold out a validation block with a gap "
            "of at least one slice on each side; add slices or volumes"
        )
    start = (n - n_val) // 2
    end = start + n_val
    val = [p.index for p in ordered[start:end]]
    excluded = [p.index for p in ordered[max(0, start - gap) : start] + ordered[end : end + gap]]
    train = [p.index for p in ordered[: max(0, start - gap)] + ordered[end + gap :]]
    return Split(
        "volume_block",
        tuple(sorted(train)),
        tuple(sorted(val)),
        tuple(sorted(excluded)),
        details={
            "validation_volumes": [ordered[0].volume],
            "validation_slices": [ordered[start].slice_index, ordered[end - 1].slice_index],
            "gap_slices": gap,
        },
    )
