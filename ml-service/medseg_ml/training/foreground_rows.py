"""nnU-Net's foreground oversampling for the 2D networks, which train on whole slices (SliceSource).

nnU-Net forces the last `n - round(n * (1 - p))` samples of each batch of n to hold foreground
(`get_do_oversample`: sample index >= round(n * (1 - p))) and centres such a patch on a voxel of a
foreground class. A 2D input here is a whole slice, so "centred on a voxel of class c" becomes "a
training slice that holds c". The class is drawn uniformly among the foreground classes of the training
slices, then a slice among those holding it: a class in 1 slice of 40 fills as many forced places as
one in every slice. (nnU-Net picks the case first and then a class in it; with whole slices that would
only redraw the slice the permutation already gave, so the class comes first here.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from medseg_ml.training.data import TrainingData

# Mask pixels read at once while indexing (as int64 for bincount: 32 MiB), so an on-disk dataset is
# read a bounded chunk at a time.
CHUNK_PIXELS = 4 * 2**20


def forced_positions(bounds: Sequence[tuple[int, int]], oversampling: float) -> torch.Tensor:
    """(F,) long positions in an epoch's order that must hold foreground: in each batch [start, end) of
    n samples, its last `n - round(n * (1 - oversampling))` (Python's round, as nnU-Net's)."""
    positions = [
        torch.arange(start + round((end - start) * (1 - oversampling)), end) for start, end in bounds
    ]
    return torch.cat(positions) if positions else torch.zeros(0, dtype=torch.long)


@dataclass(frozen=True)
class ForegroundRows:
    """The training rows that hold each foreground class (index >= 1).

    Attributes:
        classes: (K,) long, the foreground classes present in the training rows, ascending.
        rows: (M,) long row numbers into the data, class by class: those of classes[i] are
            rows[offsets[i]:offsets[i + 1]].
        offsets: (K + 1,) long.
    """

    classes: torch.Tensor
    rows: torch.Tensor
    offsets: torch.Tensor

    @classmethod
    def index(cls, data: TrainingData, train_rows: torch.Tensor) -> ForegroundRows:
        """Read the masks of `train_rows` ((T,) long into `data`) a chunk at a time."""
        masks = data.masks
        pixels = max(1, masks[0].numel()) if len(masks) else 1
        per_chunk = max(1, CHUNK_PIXELS // pixels)
        found_classes: list[torch.Tensor] = []
        found_rows: list[torch.Tensor] = []
        for start in range(0, len(train_rows), per_chunk):
            rows = train_rows[start : start + per_chunk].cpu()
            chunk = masks[rows.to(masks.device)].to("cpu", torch.long).reshape(len(rows), -1)
            if data.on_disk:
                data.release()
            # One bincount for the chunk: row i's classes are counted in bins [i * k, (i + 1) * k).
            k = int(chunk.max()) + 1
            offset = torch.arange(len(rows)).unsqueeze(1) * k
            counts = torch.bincount((chunk + offset).flatten(), minlength=len(rows) * k)
            held = counts.view(len(rows), k)[:, 1:].nonzero()
            found_classes.append(held[:, 1] + 1)
            found_rows.append(rows[held[:, 0]])
        if not found_classes:
            empty = torch.zeros(0, dtype=torch.long)
            return cls(empty, empty, torch.zeros(1, dtype=torch.long))
        classes = torch.cat(found_classes)
        order = torch.argsort(classes, stable=True)
        present, counts = torch.unique_consecutive(classes[order], return_counts=True)
        offsets = torch.cat([torch.zeros(1, dtype=torch.long), torch.cumsum(counts, 0)])
        return cls(present, torch.cat(found_rows)[order], offsets)

    @property
    def empty(self) -> bool:
        """No training row holds foreground: there is nothing to oversample."""
        return len(self.classes) == 0

    def draw(self, count: int, generator: torch.Generator) -> torch.Tensor:
        """(count,) long rows: each a uniformly drawn class, then a uniformly drawn row holding it."""
        pick = torch.randint(len(self.classes), (count,), generator=generator)
        start = self.offsets[pick]
        sizes = self.offsets[pick + 1] - start
        # The bias of a modulo of 2**62 draws is below sizes / 2**62: nil for any row count.
        within = torch.randint(2**62, (count,), generator=generator) % sizes
        return self.rows[start + within]
