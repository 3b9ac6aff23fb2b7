"""unet_3d's patch sampling: the foreground share, padding of small cases, flips, and the default plan."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import volume_pb2
from medseg_ml.training.augment import flip_3d
from medseg_ml.training.hyperparameters import HyperparameterError, Hyperparameters, training_defaults
from medseg_ml.training.patches import PatchSampler
from medseg_ml.training.volume_cache import CachedCase
from medseg_ml.training.volume_plan import DEFAULT_PATCH_VOXELS, plan_volume


def small_object_case(index: int = 0, shape: tuple[int, int, int] = (32, 48, 48)) -> CachedCase:
    """A case whose only foreground is a 2-voxel-wide cube in one corner (class 1) and one voxel (class 2)."""
    mask = np.zeros(shape, dtype=np.uint8)
    mask[1:3, 1:3, 1:3] = 1
    mask[-2, -2, -2] = 2
    image = np.random.default_rng(index).normal(size=(1, *shape)).astype(np.float32)
    locations = {k: np.argwhere(mask == k) for k in (1, 2)}
    return CachedCase(index, f"c{index}", image, mask, locations)


def test_the_foreground_share_of_patches_is_the_oversampling_asked_for() -> None:
    sampler = PatchSampler([small_object_case(0), small_object_case(1)], (16, 16, 16), 0.33)
    generator = torch.Generator().manual_seed(5)
    draws = [sampler.draw(generator) for _ in range(900)]
    share = sum(d.foreground for d in draws) / len(draws)
    assert share == pytest.approx(0.33, abs=0.05)
    for draw in draws[:200]:
        image, mask = sampler.read(draw)
        assert image.shape == (1, 16, 16, 16) and mask.shape == (16, 16, 16)
        if draw.foreground:
            assert mask.any()
    # Each present class is chosen alike, so the single voxel of class 2 is in about half of them.
    with_class_2 = [sampler.read(d)[1].max() == 2 for d in draws if d.foreground]
    assert sum(with_class_2) / len(with_class_2) == pytest.approx(0.5, abs=0.1)


def test_without_oversampling_the_small_object_is_mostly_missed() -> None:
    sampler = PatchSampler([small_object_case()], (16, 16, 16), 0.0)
    generator = torch.Generator().manual_seed(1)
    draws = [sampler.draw(generator) for _ in range(200)]
    assert not any(d.foreground for d in draws)
    assert sum(sampler.read(d)[1].any() for d in draws) < 60


def test_a_case_smaller_than_the_patch_is_padded_around_it() -> None:
    case = small_object_case(shape=(6, 20, 40))
    sampler = PatchSampler([case], (16, 16, 16), 1.0)
    image, mask = sampler.read(sampler.draw(torch.Generator().manual_seed(0)))
    assert image.shape == (1, 16, 16, 16)
    # 6 slices centred in 16: 5 padded before, 5 after.
    assert not image[0, :5].any() and image[0, 5:11].any() and not image[0, 11:].any()
    assert mask.any()


def test_batches_are_the_same_for_the_same_seed() -> None:
    sampler = PatchSampler([small_object_case(0), small_object_case(1)], (16, 16, 16), 0.5)
    a = sampler.batch(3, torch.Generator().manual_seed(9))
    b = sampler.batch(3, torch.Generator().manual_seed(9))
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    assert a[0].shape == (3, 1, 16, 16, 16) and a[1].dtype == torch.long


def test_flips_move_images_and_masks_together() -> None:
    masks = torch.randint(0, 3, (4, 6, 8, 10))
    images = masks[:, None].float()
    flipped_images, flipped_masks = flip_3d(images, masks, torch.Generator().manual_seed(3))
    assert torch.equal(flipped_images[:, 0].long(), flipped_masks)
    assert not torch.equal(flipped_masks, masks)


def fingerprint(shape: list[float], spacing: list[float]) -> volume_pb2.DatasetFingerprint:
    return volume_pb2.DatasetFingerprint(
        case_count=4,
        median_shape=shape,
        median_spacing=spacing,
        min_spacing=spacing,
        max_spacing=spacing,
    )


@pytest.mark.parametrize(
    ("shape", "spacing"),
    [([40, 200, 180], [5.0, 0.8, 0.8]), ([181, 217, 181], [1.0, 1.0, 1.0]), ([12, 40, 48], [2.5, 0.8, 0.8])],
)
def test_the_default_patch_fits_the_voxel_budget_in_multiples_of_the_depth(
    shape: list[float], spacing: list[float]
) -> None:
    plan = plan_volume(fingerprint(shape, spacing), depth=4)
    assert plan.target_spacing == tuple(spacing)
    assert all(side % 8 == 0 for side in plan.patch_size)
    assert math.prod(plan.patch_size) <= DEFAULT_PATCH_VOXELS
    # No side is longer than the median case (rounded up to the multiple).
    assert all(p <= math.ceil(s / 8) * 8 for p, s in zip(plan.patch_size, shape, strict=True))


def test_defaults_answer_unet_3d_values_for_a_fingerprint() -> None:
    answer = training_defaults(fingerprint([12, 40, 48], [2.5, 0.8, 0.8]))
    volume = answer.volume_defaults
    assert volume.architecture == pb.ARCHITECTURE_UNET_3D and volume.batch_size == 2
    assert list(volume.patch_size) == [16, 40, 48] and list(volume.target_spacing) == [2.5, 0.8, 0.8]
    assert volume.foreground_oversampling == pytest.approx(0.33)
    assert not training_defaults().HasField("volume_defaults")
    assert {"patch_size", "target_spacing", "foreground_oversampling"} <= {r.field for r in answer.ranges}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"patch_size": [16, 16]}, "patch_size must be 3 sides"),
        ({"patch_size": [16, 16, 12]}, "sides must be multiples of 8 from 8 to 512 for depth 4"),
        ({"patch_size": [512, 512, 512]}, "must hold at most"),
        ({"target_spacing": [1.0, -1.0, 1.0]}, "target_spacing values must be in (0, 20] mm"),
        ({"foreground_oversampling": 1.5}, "foreground_oversampling must be in [0, 1]"),
    ],
)
def test_unet_3d_fields_out_of_range_are_refused(fields: dict[str, object], message: str) -> None:
    request = pb.Hyperparameters(architecture=pb.ARCHITECTURE_UNET_3D, **fields)  # type: ignore[arg-type]
    with pytest.raises(HyperparameterError) as caught:
        Hyperparameters.from_proto(request)
    assert message in str(caught.value)


def test_2d_architectures_carry_no_volume_fields_but_oversample_foreground() -> None:
    hp = Hyperparameters.from_proto(pb.Hyperparameters(patch_size=[16, 16, 16], target_spacing=[1, 1, 1]))
    assert hp.patch_size == () and hp.target_spacing == ()
    # Foreground oversampling is not a volume field: 2D slices are drawn for a class too.
    assert hp.foreground_oversampling == pytest.approx(0.33)
    assert (
        Hyperparameters.from_proto(pb.Hyperparameters(foreground_oversampling=0.5)).foreground_oversampling
        == 0.5
    )
    with pytest.raises(HyperparameterError, match=r"foreground_oversampling must be in \[0, 1\]"):
        Hyperparameters.from_proto(pb.Hyperparameters(foreground_oversampling=1.5))
