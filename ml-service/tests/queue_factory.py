"""An images/ + masks/ archive for the annotation queue's ordering test (gateway
test/integration/annotation-queue.test.ts): labelled training pairs, plus unlabeled cases of which
half are exact copies of training images (easy: the model has seen them) and half come from regimes
it never saw (hard: faint shapes under heavy noise, inverted contrast on another texture).

As a CLI: `.venv/bin/python ml-service/tests/queue_factory.py OUT.zip [TRAIN] [EACH]` writes the
archive; unlabeled cases are named `easy_NN.png` and `hard_NN.png`, so the test knows which is which
(the model only sees pixels).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

SIZE = 64


def _texture(rng: np.random.Generator, base: float, amplitude: float, frequency: float) -> np.ndarray:
    """(SIZE, SIZE) float64 background: a product of sines with a random phase, plus mild noise."""
    y, x = np.mgrid[0:SIZE, 0:SIZE] / SIZE
    phase = rng.uniform(0, 2 * np.pi, 2)
    waves = np.sin(2 * np.pi * frequency * x + phase[0]) * np.sin(2 * np.pi * frequency * y + phase[1])
    return base + amplitude * waves + rng.normal(0, 4, (SIZE, SIZE))


def _shape(rng: np.random.Generator) -> np.ndarray:
    """(SIZE, SIZE) bool: a disc or an axis-aligned square, 8..14 px across its half-width."""
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    radius = rng.uniform(8, 14)
    cy, cx = rng.uniform(radius + 4, SIZE - radius - 4, 2)
    if rng.random() < 0.5:
        return (y - cy) ** 2 + (x - cx) ** 2 <= radius**2
    return (np.abs(y - cy) <= radius) & (np.abs(x - cx) <= radius)


def training_pair(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A bright textured shape on a darker textured background: (image uint8, mask uint8 0/1)."""
    mask = _shape(rng)
    image = _texture(rng, 70, 20, 3)
    image[mask] = 190 + rng.normal(0, 6, int(mask.sum()))
    return np.clip(image, 0, 255).astype(np.uint8), mask.astype(np.uint8)


def hard_image(rng: np.random.Generator, kind: int) -> np.ndarray:
    """A regime the model never saw: kind 0 a faint shape under heavy noise, 1 a dark shape on a
    bright fine-grained texture with noise."""
    mask = _shape(rng)
    if kind == 0:
        image = 100 + 12 * mask + rng.normal(0, 40, (SIZE, SIZE))
    else:
        image = _texture(rng, 170, 40, 9) + rng.normal(0, 25, (SIZE, SIZE))
        image[mask] = 60 + rng.normal(0, 25, int(mask.sum()))
    return np.clip(image, 0, 255).astype(np.uint8)


def _png(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, format="PNG")
    return out.getvalue()


def queue_archive(path: Path, train: int = 24, each: int = 6, seed: int = 13) -> None:
    """Writes `train` labelled pairs, `each` easy copies of the first training images and `each`
    hard cases (the two hard kinds alternating) to the ZIP at `path`."""
    rng = np.random.default_rng(seed)
    pairs = [training_pair(rng) for _ in range(train)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (image, mask) in enumerate(pairs):
            archive.writestr(f"queue/images/train_{i:02d}.png", _png(image))
            archive.writestr(f"queue/masks/train_{i:02d}.png", _png(mask))
        for i in range(each):
            archive.writestr(f"queue/images/easy_{i:02d}.png", _png(pairs[i][0]))
            archive.writestr(f"queue/images/hard_{i:02d}.png", _png(hard_image(rng, i % 2)))


if __name__ == "__main__":
    counts = [int(a) for a in sys.argv[2:4]]
    queue_archive(Path(sys.argv[1]), *counts)
