"""Training patches of unet_3d, read from the volume cache's memory-maps with foreground oversampling.

nnU-Net's sampler: each patch comes from a random training case; with probability
`foreground_oversampling` it is centred on a random foreground voxel of a random class present in that
case (so rare classes are seen as often as common ones), otherwise its position is uniform. A case
smaller than the patch along an axis is zero-padded around it (0 is the mean after z-scoring;
background in the mask).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from medseg_ml.training.volume_cache import CachedCase


@dataclass(frozen=True)
class PatchDraw:
    """Where one patch is read: the case (its position in the sampler's list), the first voxel per axis
    (the patch runs past a case smaller than it, which is then padded), and whether it was centred on a
    foreground voxel."""

    case: int
    start: tuple[int, int, int]
    foreground: bool


class PatchSampler:
    def __init__(self, cases: Sequence[CachedCase], patch: Sequence[int], oversampling: float) -> None:
        if not cases:
            raise ValueError("no training volumes to take patches from")
        self.cases = list(cases)
        self.patch = (int(patch[0]), int(patch[1]), int(patch[2]))
        self.oversampling = oversampling

    def draw(self, generator: torch.Generator) -> PatchDraw:
        """One patch position; the same generator state always gives the same draw."""
        pick = int(torch.randint(len(self.cases), (1,), generator=generator))
        case = self.cases[pick]
        wants_foreground = float(torch.rand((), generator=generator)) < self.oversampling
        shape = case.shape
        if wants_foreground and case.locations:
            classes = sorted(case.locations)
            k = classes[int(torch.randint(len(classes), (1,), generator=generator))]
            where = case.locations[k]
            voxel = where[int(torch.randint(len(where), (1,), generator=generator))]
            start = tuple(
                int(min(max(int(v) - p // 2, 0), max(n - p, 0)))
                for v, p, n in zip(voxel, self.patch, shape, strict=True)
            )
            return PatchDraw(pick, (start[0], start[1], start[2]), True)
        start = tuple(
            int(torch.randint(max(n - p, 0) + 1, (1,), generator=generator))
            for p, n in zip(self.patch, shape, strict=True)
        )
        return PatchDraw(pick, (start[0], start[1], start[2]), False)

    def read(self, draw: PatchDraw) -> tuple[np.ndarray, np.ndarray]:
        """Image (C, *patch) float32 and mask (*patch) of one draw, padded where the case is smaller."""
        case = self.cases[draw.case]
        channels = case.image.shape[0]
        image = np.zeros((channels, *self.patch), dtype=np.float32)
        mask = np.zeros(self.patch, dtype=case.mask.dtype)
        source: list[slice] = []
        target: list[slice] = []
        for start, p, n in zip(draw.start, self.patch, case.shape, strict=True):
            length = min(p, n - start)
            offset = (p - length) // 2  # centre a case smaller than the patch
            source.append(slice(start, start + length))
            target.append(slice(offset, offset + length))
        image[(slice(None), *target)] = case.image[(slice(None), *source)]
        mask[tuple(target)] = case.mask[tuple(source)]
        case.release()
        return image, mask

    def batch(self, size: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        """Images (B, C, *patch) float32 and masks (B, *patch) long, on the CPU."""
        reads = [self.read(self.draw(generator)) for _ in range(size)]
        images = torch.from_numpy(np.stack([image for image, _ in reads]))
        masks = torch.from_numpy(np.stack([mask for _, mask in reads]).astype(np.int64))
        return images, masks
