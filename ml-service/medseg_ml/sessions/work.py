"""What a session computes, all of it blocking torch work (run on the torch executor).

SliceWork is a 2D model's: the display-ordered volume's slices, each prepared once (prepare_image) when
first needed and kept; a slice is predicted automatically when first needed too (the whole image at once
for a single 2D image), and a prompt re-segments only the slices whose prompts changed.

VolumeWork is a 3D model's: the volume normalized and resampled once (prepare_3d) and kept; every prompt
list re-segments the whole volume by the sliding window, the guidance maps riding as extra channels.

Both keep the automatic result (to go back to when every prompt is undone) and the last result (what the
next response is the change from), display-ordered uint8 class indices.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from medseg_ml.generated.medseg.v1 import session_service_pb2 as pb
from medseg_ml.guidance.encode import encode_guidance, guidance_channels
from medseg_ml.guidance.prompts import Prompt, PromptError, check_prompts
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import check_channels, prepared_masks
from medseg_ml.inference.volume_predict import SLICE_BATCH
from medseg_ml.preprocessing import prepare_image, resampled_shape
from medseg_ml.sessions.axes import SessionAxes
from medseg_ml.sessions.patch import UNCHANGED, diff_patch, full_patch
from medseg_ml.sessions.prompt_input import prompt_key

_FLOAT = 4


def _to_network(points: np.ndarray, source: Sequence[int], target: Sequence[int]) -> np.ndarray:
    """Coordinates on an array of `source` shape as coordinates on it resized to `target` (voxel centres
    move as F.interpolate with align_corners=False moves them), kept within the array."""
    scale = np.asarray(target, dtype=np.float64) / np.asarray(source, dtype=np.float64)
    out = (points + 0.5) * scale - 0.5
    return np.clip(out, -0.5, np.asarray(target, dtype=np.float64) - 0.5)


class SliceWork:
    """A 2D model's session.

    Args:
        pixels: (C, Z, H, W) display-ordered, dataset-normalized (VolumeInput.pixels).
    """

    def __init__(self, card: ModelCard, pixels: np.ndarray, axes: SessionAxes, device: torch.device) -> None:
        check_channels(pixels[:, 0], card.channels)
        self.card = card
        self.axes = axes
        self._pixels = pixels
        self._device = device
        depth, height, width = pixels.shape[1:]
        self._size = (height, width)
        self.auto = np.zeros((depth, height, width), dtype=np.uint8)
        self.result = np.zeros_like(self.auto)
        self._known = np.zeros(depth, dtype=bool)
        self._prepared: dict[int, torch.Tensor] = {}
        self._keys: dict[int, tuple] = {}
        # The last prompt's diff and zlib time (SegmentTimings.encode_ms).
        self.last_encode_ms = 0.0

    @staticmethod
    def memory_bytes(card: ModelCard, pixels: np.ndarray) -> int:
        """What the session may come to hold: the pixels, every slice prepared, the automatic and last
        results, and one batch of guidance maps."""
        depth, height, width = pixels.shape[1:]
        side = card.input_size**2
        prepared = depth * card.channels * side * _FLOAT
        guidance = min(depth, SLICE_BATCH) * guidance_channels(card.class_count) * side * _FLOAT
        return int(pixels.nbytes + prepared + 2 * depth * height * width + guidance)

    def open(self, network: nn.Module, automatic: np.ndarray | None = None) -> pb.MaskPatch | None:
        """The automatic result of a single 2D image as a full patch; None for a volume of several slices
        (a slice is predicted when first prompted).

        Args:
            automatic: display-ordered classes SegmentVolume just computed with this network on this
                volume (the proposal the client starts from): every slice is then known, so a prompt's
                patch is its change from that proposal, never a whole slice over what was brushed.
        """
        if automatic is not None:
            self.auto[:] = automatic
            self.result[:] = automatic
            self._known[:] = True
        if self.auto.shape[0] != 1:
            return None
        self._ensure_auto(network, [0])
        return full_patch(self.result, self.axes)

    def prompt(self, network: nn.Module, prompts: Sequence[Prompt]) -> pb.MaskPatch:
        """Re-segment the slices whose prompts changed; the patch from the last result.

        Args:
            prompts: checked, in session coordinates.

        Raises:
            PromptError: a drawing across another axis than the model's slices.
        """
        by_slice = self._by_slice(prompts)
        changed = sorted(
            z for z in set(by_slice) | set(self._keys) if prompt_key(by_slice.get(z, ())) != self._keys.get(z)
        )
        self.last_encode_ms = 0.0
        if not changed:
            return pb.MaskPatch()
        unseen = [z for z in changed if not self._known[z]]
        self._ensure_auto(network, changed)
        first, stop = changed[0], changed[-1] + 1
        before = self.result[first:stop].copy()
        # The client never got a slice predicted just now (OpenSession sends no mask for a volume of a 2D
        # model): its patch holds the whole slice, which is the same change for a client that has it.
        before[[z - first for z in unseen]] = UNCHANGED
        guided = [z for z in changed if by_slice.get(z)]
        for z in changed:
            if not by_slice.get(z):
                self.result[z] = self.auto[z]
        for start in range(0, len(guided), SLICE_BATCH):
            chunk = guided[start : start + SLICE_BATCH]
            x = torch.stack([self._prepared[z] for z in chunk])
            maps = np.stack([self._guidance(by_slice[z]) for z in chunk])
            masks = prepared_masks(
                network, x, [self._size] * len(chunk), self._device, torch.from_numpy(maps)
            )
            for z, mask in zip(chunk, masks, strict=True):
                self.result[z] = mask
        for z in changed:
            if by_slice.get(z):
                self._keys[z] = prompt_key(by_slice[z])
            else:
                self._keys.pop(z, None)
        started = time.perf_counter()
        patch = diff_patch(before, self.result[first:stop], self.axes, first)
        self.last_encode_ms = (time.perf_counter() - started) * 1000
        return patch

    def _by_slice(self, prompts: Sequence[Prompt]) -> dict[int, list[Prompt]]:
        """The prompts in network coordinates (row, column at input_size), by display slice."""
        slice_axis = self.axes.session_axis(0)
        size = self.card.input_size
        out: dict[int, list[Prompt]] = {}
        for number, prompt in enumerate(prompts, start=1):
            if prompt.kind != "point" and prompt.plane_axis != slice_axis:
                drawn, model = "xyz"[prompt.plane_axis], "xyz"[slice_axis]
                raise PromptError(
                    f"prompt {number} ({prompt.kind}) is drawn across the {drawn} axis, but this 2D "
                    f"model segments slices across the {model} axis (plane_axis "
                    f"{slice_axis}); draw it in a slice across that axis, or use a 3D model"
                )
            display = self.axes.to_display_points(prompt.points)
            z = int(np.clip(np.rint(display[0, 0]), 0, self.auto.shape[0] - 1))
            points = _to_network(display[:, 1:], self._size, (size, size))
            out.setdefault(z, []).append(Prompt(prompt.kind, prompt.class_index, points))
        for slice_prompts in out.values():
            check_prompts(slice_prompts, (size, size), self.card.class_count)
        return out

    def _guidance(self, prompts: Sequence[Prompt]) -> np.ndarray:
        size = self.card.input_size
        sigma = float(self.card.network.guidance["sigma"])  # type: ignore[index]
        return encode_guidance(prompts, (size, size), self.card.class_count, sigma)

    def _ensure_auto(self, network: nn.Module, slices: Sequence[int]) -> None:
        """Prepare the slices not prepared yet, and predict automatically those not known yet."""
        for z in slices:
            if z not in self._prepared:
                image = self._pixels[:, z]
                self._prepared[z] = prepare_image(
                    image, self.card.channels, self.card.input_size, self.card.normalization
                ).to(self._device)
        missing = [z for z in slices if not self._known[z]]
        for start in range(0, len(missing), SLICE_BATCH):
            chunk = missing[start : start + SLICE_BATCH]
            x = torch.stack([self._prepared[z] for z in chunk])
            for z, mask in zip(
                chunk, prepared_masks(network, x, [self._size] * len(chunk), self._device), strict=True
            ):
                self.auto[z] = mask
                self.result[z] = mask
                self._known[z] = True


class VolumeWork:
    """A 3D model's session.

    Args:
        pixels: (C, Z, H, W) display-ordered, dataset-normalized (VolumeInput.pixels).
        spacing: mm per (slice, row, column).
    """

    def __init__(
        self,
        card: ModelCard,
        pixels: np.ndarray,
        spacing: Sequence[float],
        axes: SessionAxes,
        device: torch.device,
    ) -> None:
        from medseg_ml.inference.sliding_window import prepare_3d

        self.card = card
        self.axes = axes
        self._device = device
        self._shape = tuple(pixels.shape[1:])
        self._x = prepare_3d(card, pixels, spacing).to(device)
        self.auto = np.zeros(self._shape, dtype=np.uint8)
        self.result = self.auto
        self._key: tuple = ()
        self.last_encode_ms = 0.0

    @staticmethod
    def memory_bytes(card: ModelCard, pixels: np.ndarray, spacing: Sequence[float]) -> int:
        """What the session holds: the prepared volume, the automatic and last results, and the guidance
        maps with their copy beside the image while the sliding window runs."""
        depth, height, width = pixels.shape[1:]
        prepared = math.prod(resampled_shape((depth, height, width), spacing, card.target_spacing))
        guidance = 2 * guidance_channels(card.class_count) * prepared * _FLOAT
        return int(card.channels * prepared * _FLOAT + 2 * depth * height * width + guidance)

    def open(self, network: nn.Module, automatic: np.ndarray | None = None) -> pb.MaskPatch:
        """The automatic result as a full patch: `automatic` (display-ordered classes SegmentVolume just
        computed with this network on this volume) when given, else predicted."""
        self.auto = self._predict(network, None) if automatic is None else automatic.astype(np.uint8)
        self.result = self.auto
        return full_patch(self.result, self.axes)

    def prompt(self, network: nn.Module, prompts: Sequence[Prompt]) -> pb.MaskPatch:
        """Re-segment the whole volume with `prompts` (checked, session coordinates); the patch from the
        last result."""
        net = self._network_prompts(prompts)
        key = prompt_key(net)
        self.last_encode_ms = 0.0
        if key == self._key:
            return pb.MaskPatch()
        if net:
            sigma = float(self.card.network.guidance["sigma"])  # type: ignore[index]
            shape = tuple(self._x.shape[1:])
            maps = torch.from_numpy(encode_guidance(net, shape, self.card.class_count, sigma))
            new = self._predict(network, maps)
        else:
            new = self.auto
        started = time.perf_counter()
        patch = diff_patch(self.result, new, self.axes)
        self.last_encode_ms = (time.perf_counter() - started) * 1000
        self.result = new
        self._key = key
        return patch

    def _network_prompts(self, prompts: Sequence[Prompt]) -> list[Prompt]:
        """(slice, row, column) of the volume resampled to the model's spacing."""
        shape = tuple(self._x.shape[1:])
        out = []
        for prompt in prompts:
            points = _to_network(self.axes.to_display_points(prompt.points), self._shape, shape)
            plane = self.axes.display_axis(prompt.plane_axis) if prompt.plane_axis >= 0 else -1
            out.append(Prompt(prompt.kind, prompt.class_index, points, plane))
        check_prompts(out, shape, self.card.class_count)
        return out

    def _predict(self, network: nn.Module, guidance: torch.Tensor | None) -> np.ndarray:
        from medseg_ml.inference.sliding_window import prepared_classes_3d

        classes = prepared_classes_3d(
            network, self.card, self._x, self._shape, self._device, guidance=guidance
        )
        return classes.astype(np.uint8)
