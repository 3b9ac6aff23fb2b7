"""One image through a network, prepared exactly as training prepared its images, and its scores.

The automatic masks here (segment, segment_many, segment_batch) are post-processed as the card says;
prepared_masks, which interactive sessions call, is not.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

from medseg_ml.datasets.render import to_rgb8
from medseg_ml.device import to_device
from medseg_ml.inference.card import ModelCard
from medseg_ml.metrics.overlap import foreground_mean, overlap
from medseg_ml.preprocessing import class_indices, prepare_image


class InputError(ValueError):
    """The input cannot go through this model; the message says why and what to send instead."""


@dataclass(frozen=True)
class Segmentation:
    """Attributes:
    mask: (H, W) int64 class indices: the argmax of `probabilities`, post-processed as the card says.
    probabilities: (K, H, W) float32 softmax at the input's size, as the network gave them.
    """

    mask: np.ndarray
    probabilities: np.ndarray


def check_channels(image: np.ndarray, channels: int) -> None:
    """Refuse a colour image for a gray model, or a channel count the model cannot take; gray for a
    colour model is repeated, as in training.

    Args:
        image: (C, H, W) (or (C, Z, H, W)) after dataset normalization (RGB with equal channels is
            already gray).

    Raises:
        InputError: a colour (3-channel) image for a 1-channel model, or C differs from a
            multi-channel model's count.
    """
    count = image.shape[0]
    if count == 3 and channels == 1:
        raise InputError(
            "The image has 3 colour channels but the model was trained on 1-channel (gray) images; "
            "send a grayscale image"
        )
    if count != channels and {count, channels} != {1, 3}:
        raise InputError(
            f"The image has {count} channels but the model was trained on {channels}-channel images; "
            f"send an image with {channels} channels"
        )


def segment(network: nn.Module, image: np.ndarray, card: ModelCard, device: torch.device) -> Segmentation:
    """Prepare `image` as training did, run the network, and bring the probabilities back to its size.

    Args:
        network: in eval mode on `device`.
        image: (C, H, W) dataset-normalized pixels, C 1 or 3.

    Returns:
        The class mask (H, W) and probabilities (K, H, W), resized bilinearly from input_size.
    """
    check_channels(image, card.channels)
    return segment_many(network, [image], card, device)[0]


def segment_many(
    network: nn.Module, images: Sequence[np.ndarray], card: ModelCard, device: torch.device
) -> list[Segmentation]:
    """`segment` of several images in one forward pass (the micro-batcher's), each at its own size.

    Instance norm works per image, so each result is the one `segment` gives alone, up to float
    rounding of a larger batch's kernels.

    Args:
        network: in eval mode on `device`.
        images: each (C, H, W) dataset-normalized, C 1 or 3, sizes may differ; check_channels first.
    """
    results = []
    with torch.inference_mode():
        batch = slice_probabilities(network, images, card, device)
        for image, p in zip(images, batch, strict=True):
            size = tuple(image.shape[-2:])
            p = p[None]
            if p.shape[-2:] != size:
                p = F.interpolate(p, size=size, mode="bilinear", align_corners=False)
            mask = postprocessed(class_indices(p)[0].cpu().numpy().astype(np.int64), card)
            results.append(Segmentation(mask, p[0].cpu().numpy()))
    return results


def segment_batch(
    network: nn.Module, images: Sequence[np.ndarray], card: ModelCard, device: torch.device
) -> list[np.ndarray]:
    """`segment` for many images in one forward pass; each mask is the one `segment` gives alone.

    Args:
        network: in eval mode on `device`.
        images: each (C, H, W) dataset-normalized, C 1 or 3, sizes may differ; check_channels first.

    Returns:
        One (H, W) int64 class mask per image, at its own size, post-processed as the card says.
    """
    x = torch.stack(
        [prepare_image(image, card.channels, card.input_size, card.normalization) for image in images]
    )
    masks = prepared_masks(network, x, [tuple(image.shape[-2:]) for image in images], device)
    return [postprocessed(mask, card) for mask in masks]


def postprocessed(mask: np.ndarray, card: ModelCard) -> np.ndarray:
    """A 2D model's automatic mask (H, W) at the image's own size, post-processed as the card says; its
    sizes were counted at input_size, so they scale with the image's pixels."""
    return card.postprocessing.apply(mask, mask.size / card.input_size**2)


def prepared_masks(
    network: nn.Module,
    x: torch.Tensor,
    sizes: Sequence[tuple[int, int]],
    device: torch.device,
    guidance: torch.Tensor | None = None,
) -> list[np.ndarray]:
    """Class masks of images already prepared (prepare_image), each brought back to its own size; not
    post-processed (the sessions that call it show the network's own mask).

    Args:
        x: (B, C, S, S) prepared images.
        sizes: (H, W) of each image before it was prepared.
        guidance: (B, G, S, S) guidance maps of a guided network (guidance/encode.py), else None.

    Returns:
        One (H, W) int64 class mask per image.
    """
    masks = []
    with torch.inference_mode():
        probabilities = _probabilities(network, x.to(device), device, guidance)
        for p, size in zip(probabilities, sizes, strict=True):
            p = p[None]
            if p.shape[-2:] != tuple(size):
                p = F.interpolate(p, size=tuple(size), mode="bilinear", align_corners=False)
            masks.append(class_indices(p)[0].cpu().numpy().astype(np.int64))
    return masks


def slice_probabilities(
    network: nn.Module, images: Sequence[np.ndarray], card: ModelCard, device: torch.device
) -> torch.Tensor:
    """Softmax (B, K, S, S) of a 2D model at its input size S, each image prepared as training prepared it.

    Args:
        images: each (C, H, W) dataset-normalized; check_channels first.
    """
    x = torch.stack(
        [prepare_image(image, card.channels, card.input_size, card.normalization) for image in images]
    )
    return _probabilities(network, to_device(x, device), device)


def _probabilities(
    network: nn.Module, x: torch.Tensor, device: torch.device, guidance: torch.Tensor | None = None
) -> torch.Tensor:
    """Softmax (B, K, S, S) of the network on prepared images (B, C, S, S) and, for a guided network,
    their guidance maps (B, G, S, S)."""
    amp = device.type == "cuda"
    # Same precision as validation during training.
    with torch.autocast(device.type, dtype=torch.float16, enabled=amp):
        logits = network(x) if guidance is None else network(x, guidance.to(device))
    return torch.softmax(logits.float(), dim=1)


@dataclass(frozen=True)
class PairScores:
    """A prediction against its ground truth, by medseg_ml.metrics.overlap's rule.

    Attributes:
        dice_per_class, iou_per_class: (K,) background included; NaN for a class absent from both.
        dice, iou: mean over the foreground classes with a value; NaN when none has one.
    """

    dice_per_class: list[float]
    iou_per_class: list[float]
    dice: float
    iou: float


def pair_scores(predicted: np.ndarray, truth: np.ndarray, class_count: int) -> PairScores:
    """Score one segmented pair, as validation and evaluation score an image.

    Args:
        predicted: (H, W) class indices.
        truth: (H, W) class indices.
    """
    result = overlap(torch.from_numpy(predicted)[None], torch.from_numpy(truth)[None], class_count)
    return PairScores(
        dice_per_class=result.dice[0].tolist(),
        iou_per_class=result.iou[0].tolist(),
        dice=float(foreground_mean(result.dice[0])),
        iou=float(foreground_mean(result.iou[0])),
    )


def mask_png(mask: np.ndarray, class_count: int) -> bytes:
    """8-bit gray PNG of class indices (16-bit past 256 classes)."""
    dtype = np.uint8 if class_count <= 256 else np.uint16
    return _png(mask.astype(dtype))


def probability_pngs(probabilities: np.ndarray) -> list[bytes]:
    """One 8-bit PNG per class: probability * 255, rounded."""
    scaled = np.rint(np.clip(probabilities, 0.0, 1.0) * 255).astype(np.uint8)
    return [_png(p) for p in scaled]


def display_png(image: np.ndarray, window: tuple[float, float]) -> bytes:
    """8-bit PNG of an image slice (C, H, W) through a display window; gray stays one channel."""
    rgb = to_rgb8(image, window)
    return _png(rgb[:, :, 0] if image.shape[0] == 1 else rgb)


def _png(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    # Level 1: these PNGs go straight to a browser (and S3); level 6 costs 2-6x the time for ~25 % less.
    Image.fromarray(np.ascontiguousarray(array)).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
