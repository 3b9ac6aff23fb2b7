"""The "Auto" preset: hyper-parameters derived from what a dataset is (nnU-Net's self-configuration,
for the networks and devices MedSeg trains on), each with the reason a person is shown.

2D (the default architecture, also on the slices of volumes): the input side follows the median image
size; the U-Net is as deep as that side allows; the batch is as large as the device's memory budget
and the dataset allow; the epochs give every dataset about TARGET_STEPS optimizer steps. unet_3d: the
patch and spacing come from volume_plan; the normalization per channel from the fingerprint's
modality (preprocessing.intensity_plan: CT clipped to its foreground percentiles then z-scored, other
modalities z-scored per case). Both oversample foreground as nnU-Net does (foreground_rows.py for
slices, patches.py for patches). Every value can be overridden by sending it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

import torch

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dpb
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import volume_pb2
from medseg_ml.training.foreground_rows import forced_positions
from medseg_ml.training.hyperparameters import (
    MAX_DEPTH,
    Hyperparameters,
    training_defaults,
    volume_defaults,
)
from medseg_ml.training.split import GAP_FRACTION
from medseg_ml.training.volume_plan import DEFAULT_BATCH_SIZE_3D
from medseg_ml.training.volume_source import PATCHES_PER_CASE

# Every dataset gets about this many optimizer steps (nnU-Net: 250 per epoch for 1000 epochs, which a
# CPU cannot afford; this is what the brain sample needed to stop improving on 2 cores).
TARGET_STEPS = 1500
MIN_EPOCHS, MAX_EPOCHS_AUTO = 30, 300
# Inputs are resized to a square side from this range: below it a U-Net has nothing to pool, above
# it a CPU step takes seconds per image.
MIN_AUTO_INPUT, MAX_AUTO_INPUT = 64, 512
INPUT_MULTIPLE = 16
# The deepest level keeps at least this many pixels per side (nnU-Net pools down to 4-8).
MIN_BOTTLENECK_SIDE = 8
MIN_AUTO_DEPTH, MAX_AUTO_DEPTH = 3, min(MAX_DEPTH, 5)
MIN_BATCH = 2
# Past these, a bigger batch only trades steps for nothing on a CPU; a GPU has the parallelism for it.
MAX_BATCH_CPU, MAX_BATCH_CUDA = 8, 32
MAX_BATCH_3D_CUDA = 4
# Peak bytes of a CPU training step (MONAI UNet, two residual units per level, DiceCE, Adam), per input
# pixel and first-level channel, and per pixel and class (logits, softmax, one-hot, gradients).
# Measured by peak RSS: 700-1100 bytes per pixel at 16 channels and 2 classes, 4400 at 117 classes.
ACTIVATION_BYTES_PER_PIXEL_CHANNEL = 64
LOSS_BYTES_PER_PIXEL_CLASS = 32
# Share of the device's memory a training step may plan on.
CUDA_MEMORY_SHARE = 0.7
CPU_MEMORY_SHARE = 0.25
MAX_CPU_STEP_BYTES = 8 * 1024**3


@dataclass(frozen=True)
class AutoPlan:
    hyperparameters: Hyperparameters
    # (field, reason) in the order a person reads them.
    choices: tuple[tuple[str, str], ...]

    def choices_proto(self) -> list[pb.AutoChoice]:
        return [pb.AutoChoice(field=f, reason=r) for f, r in self.choices]


def step_memory_budget(device: torch.device) -> int:
    """Bytes one training step may plan on: a share of the GPU's memory, or of the machine's RAM."""
    if device.type == "cuda":
        return int(torch.cuda.get_device_properties(device).total_memory * CUDA_MEMORY_SHARE)
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return int(min(ram * CPU_MEMORY_SHARE, MAX_CPU_STEP_BYTES))


def auto_2d(stats: dpb.DatasetStats, device_type: str, memory_bytes: int) -> AutoPlan:
    """The Auto values of a 2D network for a dataset with these statistics."""
    d = Hyperparameters()
    choices: list[tuple[str, str]] = []
    side, side_reason = _input_side(stats.sizes)
    choices.append(("input_size", side_reason))
    depth = _depth(side)
    choices.append(
        (
            "depth",
            f"{depth} levels: the deepest works on {side // 2 ** (depth - 1)} px, the most that keeps "
            f"at least {MIN_BOTTLENECK_SIDE} px there" + (" (at most 5)" if depth == MAX_AUTO_DEPTH else ""),
        )
    )
    classes = max(2, stats.class_count)
    train_pairs = _train_pairs(stats.pair_count, d.validation_fraction)
    batch, batch_reason = _batch(side, d.base_channels, classes, train_pairs, device_type, memory_bytes)
    choices.append(("batch_size", batch_reason))
    steps_per_epoch = max(1, train_pairs // batch)
    epochs = min(MAX_EPOCHS_AUTO, max(MIN_EPOCHS, math.ceil(TARGET_STEPS / steps_per_epoch)))
    choices.append(
        (
            "epochs",
            f"{epochs} epochs of {steps_per_epoch} steps (about {train_pairs} training pairs / batch "
            f"{batch}): {epochs * steps_per_epoch} steps, for an aim of about {TARGET_STEPS} within "
            f"{MIN_EPOCHS} to {MAX_EPOCHS_AUTO} epochs",
        )
    )
    choices.append(("foreground_oversampling", _foreground_reason(d.foreground_oversampling, batch)))
    choices.extend(_recipe_choices(d))
    choices.append(
        (
            "normalization",
            "8-bit images (PNG, JPG, 8-bit DICOM) divided by 255, so slices keep the brightness they "
            "share across the dataset; other types by each image's own 1st-99th percentile; volumes for "
            "unet_3d are normalized per modality instead",
        )
    )
    hp = replace(d, input_size=side, depth=depth, batch_size=batch, epochs=epochs)
    hp.validate()
    return AutoPlan(hp, tuple(choices))


def auto_3d(
    base: Hyperparameters,
    fingerprint: volume_pb2.DatasetFingerprint,
    device_type: str,
    memory_bytes: int,
) -> AutoPlan:
    """unet_3d's Auto values: `base` (volume_plan's patch and spacing) with epochs and batch for the
    dataset and device, and the reasons for each."""
    d = base
    patch_voxels = math.prod(d.patch_size)
    classes = max(2, len(fingerprint.class_fractions) or 2)
    per_patch = patch_voxels * (
        ACTIVATION_BYTES_PER_PIXEL_CHANNEL * d.base_channels + LOSS_BYTES_PER_PIXEL_CLASS * classes
    )
    fits = max(1, memory_bytes // max(per_patch, 1))
    cap = MAX_BATCH_3D_CUDA if device_type == "cuda" else DEFAULT_BATCH_SIZE_3D
    batch = int(max(1, min(fits, cap)))
    cases = max(1, fingerprint.case_count)
    train_cases = max(1, cases - max(1, round(cases * d.validation_fraction))) if cases > 1 else 1
    steps_per_epoch = max(1, math.ceil(train_cases * PATCHES_PER_CASE / batch))
    epochs = min(MAX_EPOCHS_AUTO, max(MIN_EPOCHS, math.ceil(TARGET_STEPS / steps_per_epoch)))
    spacing = list(fingerprint.median_spacing)
    modality = ", ".join(fingerprint.channel_names) or "unknown"
    ct = any(name.strip().upper() == "CT" for name in fingerprint.channel_names)
    choices = [
        (
            "target_spacing",
            f"{_mm(d.target_spacing)} mm: the median spacing of the {cases} case(s) ({_mm(spacing)} mm)",
        ),
        (
            "patch_size",
            f"{' × '.join(str(s) for s in d.patch_size)} voxels: the median shape at the target spacing "
            f"({' × '.join(f'{s:g}' for s in fingerprint.median_shape)} voxels before resampling), "
            "within the patch budget",
        ),
        (
            "batch_size",
            f"{batch}: "
            + ("as many as fit" if batch == fits else f"at most {cap} on {device_type.upper()}")
            + f" ({_gib(per_patch)} per patch; {fits} fit in {_gib(memory_bytes)} of "
            f"{device_type.upper()} memory for a step)",
        ),
        (
            "epochs",
            f"{epochs} epochs of {steps_per_epoch} steps ({train_cases} training case(s) × "
            f"{PATCHES_PER_CASE} patches / batch {batch}): {epochs * steps_per_epoch} steps, for an aim "
            f"of about {TARGET_STEPS} within {MIN_EPOCHS} to {MAX_EPOCHS_AUTO} epochs",
        ),
        (
            "foreground_oversampling",
            f"{d.foreground_oversampling:g}: about {d.foreground_oversampling:.0%} of patches are "
            "centred on a voxel of a class their case holds (nnU-Net's foreground oversampling), so "
            "small structures are not lost among background",
        ),
        *_recipe_choices(d),
        (
            "normalization",
            f"modality {modality}: "
            + (
                "clipped to the foreground's 0.5-99.5 percentiles, then z-scored with its mean and std"
                if ct
                else "z-scored per case and channel"
            ),
        ),
    ]
    hp = replace(d, batch_size=batch, epochs=epochs)
    hp.validate()
    return AutoPlan(hp, tuple(choices))


def _foreground_reason(share: float, batch: int) -> str:
    forced = len(forced_positions([(0, batch)], share))
    if forced == 0:
        return f"{share:g}: nnU-Net's foreground oversampling forces no slice in a batch of {batch}"
    slices = "is a slice that holds" if forced == 1 else "are slices that hold"
    return (
        f"{share:g}: {forced} of each batch of {batch} {slices} a randomly chosen class (nnU-Net's "
        "foreground oversampling), so small and rare classes are seen often"
    )


def _recipe_choices(d: Hyperparameters) -> list[tuple[str, str]]:
    return [
        (
            "augmentation_preset",
            "nnU-Net's: rotation, scaling, noise, blur, brightness, contrast, low resolution, gamma, "
            "mirroring, so the model generalizes past the orientation and contrast it was trained on",
        ),
        (
            "lr_schedule",
            f"poly after a one-epoch warm-up, {d.optimizer} at {d.learning_rate:g}; the best epoch is "
            "chosen by the moving average of validation Dice",
        ),
        (
            "postprocessing",
            "largest connected component and small-component removal per class, kept only where it "
            "raises validation Dice",
        ),
    ]


def _input_side(sizes: Sequence[dpb.SizeCount]) -> tuple[int, str]:
    if not sizes:
        d = Hyperparameters().input_size
        return d, f"{d} px: the dataset records no image sizes"
    sides = sorted((max(s.width, s.height), s.count) for s in sizes)
    total = sum(count for _, count in sides)
    running, median = 0, sides[-1][0]
    for side, count in sides:
        running += count
        if running * 2 >= total:
            median = side
            break
    shape = max(sizes, key=lambda s: s.count)
    rounded = math.ceil(median / INPUT_MULTIPLE) * INPUT_MULTIPLE
    side = min(MAX_AUTO_INPUT, max(MIN_AUTO_INPUT, rounded))
    why = f"median longest side {median} px (most common size {shape.width} × {shape.height})"
    if side == MAX_AUTO_INPUT and rounded > side:
        return side, f"{side} px: {why}, capped at {MAX_AUTO_INPUT} for memory and speed"
    if side == MIN_AUTO_INPUT and rounded < side:
        return side, f"{side} px: {why}, raised to {MIN_AUTO_INPUT} so the U-Net has levels to pool"
    return side, f"{side} px: {why}, rounded up to a multiple of {INPUT_MULTIPLE}"


def _depth(side: int) -> int:
    depth = MIN_AUTO_DEPTH
    while depth < MAX_AUTO_DEPTH and side % 2**depth == 0 and side // 2**depth >= MIN_BOTTLENECK_SIDE:
        depth += 1
    return depth


def _train_pairs(pairs: int, fraction: float) -> int:
    # A validation block of a slice stack also leaves a gap on each side out of training (split.py).
    held = math.ceil(pairs * fraction) + 2 * math.ceil(pairs * GAP_FRACTION)
    return max(1, pairs - held)


def _batch(
    side: int, channels: int, classes: int, train_pairs: int, device_type: str, memory_bytes: int
) -> tuple[int, str]:
    per_sample = (
        side * side * (ACTIVATION_BYTES_PER_PIXEL_CHANNEL * channels + LOSS_BYTES_PER_PIXEL_CLASS * classes)
    )
    fits = memory_bytes // per_sample
    cap = MAX_BATCH_CUDA if device_type == "cuda" else MAX_BATCH_CPU
    by_data = max(MIN_BATCH, train_pairs // 4)
    batch = int(max(1, min(fits, cap, by_data)))
    why = (
        f"{_gib(per_sample)} per sample at {side} px and {classes} classes; "
        f"{fits} fit in {_gib(memory_bytes)}"
    )
    if batch == fits:
        limit = f"as many as fit in the {device_type.upper()} memory budget"
    elif batch == by_data and by_data < cap:
        limit = f"a quarter of the {train_pairs} training pairs, so an epoch has several steps"
    else:
        limit = f"at most {cap} on {device_type.upper()}"
    return batch, f"{batch}: {limit} ({why})"


def _mm(values: Sequence[float]) -> str:
    return " × ".join(f"{v:g}" for v in values)


def _gib(n: float) -> str:
    return f"{n / 1024**3:.2f} GiB" if n >= 1024**3 / 10 else f"{n / 1024**2:.0f} MiB"


def training_defaults_for(
    fingerprint: volume_pb2.DatasetFingerprint | None,
    stats: dpb.DatasetStats | None,
    device: torch.device,
) -> pb.GetTrainingDefaultsResponse:
    """GetTrainingDefaults' answer: the rules, and for a dataset its Auto values with their reasons."""
    answer = training_defaults(fingerprint)
    if stats is None and fingerprint is None:
        return answer
    memory = step_memory_budget(device)
    if stats is not None:
        plan = auto_2d(stats, device.type, memory)
        answer.auto_defaults.CopyFrom(plan.hyperparameters.to_proto())
        answer.auto_choices.extend(plan.choices_proto())
    if fingerprint is not None:
        volume = auto_3d(volume_defaults(fingerprint), fingerprint, device.type, memory)
        answer.volume_defaults.CopyFrom(volume.hyperparameters.to_proto())
        answer.volume_choices.extend(volume.choices_proto())
    return answer
