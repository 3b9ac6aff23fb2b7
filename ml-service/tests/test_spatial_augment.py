"""nnU-Net-style batch augmentation: images and masks stay aligned, draws are seeded, classes are kept."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from medseg_ml.training.spatial_augment import NNUNET_2D, NNUNET_3D, AugmentationSettings, augment_batch

SPATIAL_ONLY = {
    "rotation_p": 1.0,
    "scale_p": 1.0,
    "elastic_p": 1.0,
    "noise_p": 0.0,
    "blur_p": 0.0,
    "brightness_p": 0.0,
    "contrast_p": 0.0,
    "lowres_p": 0.0,
    "gamma_inverted_p": 0.0,
    "gamma_p": 0.0,
}
NOTHING = {**SPATIAL_ONLY, "rotation_p": 0.0, "scale_p": 0.0, "elastic_p": 0.0, "mirror_p": 0.0}


def checkerboard(batch: int, shape: tuple[int, ...], side: int) -> torch.Tensor:
    """(batch, *shape) long masks of 0/1 squares (cubes in 3D) of the given side."""
    coords = torch.meshgrid(*[torch.arange(n) // side for n in shape], indexing="ij")
    return (sum(coords) % 2).expand(batch, *shape).clone()


@pytest.mark.parametrize(
    ("shape", "base", "elastic_p"),
    [((96, 80), NNUNET_2D, 0.0), ((96, 80), NNUNET_2D, 1.0), ((24, 40, 36), NNUNET_3D, 1.0)],
)
def test_image_and_mask_stay_aligned(shape: tuple[int, ...], base: AugmentationSettings, elastic_p: float):
    settings = dataclasses.replace(base, **{**SPATIAL_ONLY, "elastic_p": elastic_p})
    masks = checkerboard(6, shape, 16 if len(shape) == 2 else 8)
    # Channel 0 is the class itself; channel 1 is all ones, so it falls below 1 wherever padding reached.
    images = torch.stack([masks.float(), torch.ones(masks.shape)], dim=1)
    out_images, out_masks = augment_batch(images, masks, torch.Generator().manual_seed(3), settings)

    inside = out_images[:, 1] > 0.999
    assert inside.float().mean() > 0.3
    agree = ((out_images[:, 0] > 0.5).long() == out_masks)[inside].float().mean()
    assert agree >= 0.98
    assert not torch.equal(out_masks, masks)  # the transform did move things


def test_same_seed_gives_same_output_and_another_seed_another():
    images = torch.rand(8, 1, 64, 48)
    masks = (torch.rand(8, 64, 48) * 3).long()

    def run(seed: int) -> tuple[torch.Tensor, torch.Tensor]:
        return augment_batch(images, masks, torch.Generator().manual_seed(seed))

    first, again, other = run(11), run(11), run(12)
    assert torch.equal(first[0], again[0]) and torch.equal(first[1], again[1])
    assert not torch.equal(first[0], other[0])


@pytest.mark.parametrize(
    ("dtype", "classes"),
    [(torch.int16, (0, 7, 300)), (torch.uint8, (0, 3, 255)), (torch.long, (0, 40000, 65535))],
)
def test_mask_dtype_and_class_values_are_kept(dtype: torch.dtype, classes: tuple[int, ...]):
    settings = dataclasses.replace(NNUNET_2D, **SPATIAL_ONLY)
    table = torch.tensor(classes)
    masks = table[checkerboard(4, (33, 35), 5) + (torch.rand(4, 33, 35) < 0.3).long()].to(dtype)
    images = torch.rand(4, 1, 33, 35)
    _, out = augment_batch(images, masks, torch.Generator().manual_seed(0), settings)
    assert out.dtype == dtype
    assert set(out.unique().tolist()) <= set(classes)
    assert set(out.unique().tolist()) >= set(classes[1:])


@pytest.mark.parametrize("shape", [(9, 33, 35), (16, 16, 16)])
def test_3d_batches_keep_their_shapes(shape: tuple[int, ...]):
    settings = dataclasses.replace(NNUNET_3D, elastic_p=0.5, noise_p=0.5, blur_p=0.5, lowres_p=0.5)
    images = torch.rand(3, 2, *shape)
    masks = (torch.rand(3, *shape) * 4).to(torch.uint8)
    out_images, out_masks = augment_batch(images, masks, torch.Generator().manual_seed(5), settings)
    assert out_images.shape == images.shape and out_images.dtype == images.dtype
    assert out_masks.shape == masks.shape and out_masks.dtype == torch.uint8
    assert torch.isfinite(out_images).all()


@pytest.mark.parametrize("shape", [(33, 35), (9, 17, 19)])
def test_batch_drawing_no_transform_is_returned_unchanged(shape: tuple[int, ...]):
    settings = dataclasses.replace(NNUNET_2D if len(shape) == 2 else NNUNET_3D, **NOTHING)
    images = torch.rand(4, 2, *shape)
    masks = (torch.rand(4, *shape) * 5).to(torch.int16)
    out_images, out_masks = augment_batch(images, masks, torch.Generator().manual_seed(1), settings)
    assert torch.equal(out_images, images) and torch.equal(out_masks, masks)


def test_default_settings_change_some_samples_and_leave_others_bit_identical():
    images = torch.rand(32, 1, 40, 40)
    masks = (torch.rand(32, 40, 40) * 3).long()
    settings = dataclasses.replace(NNUNET_2D, mirror_p=0.0)
    out_images, _ = augment_batch(images, masks, torch.Generator().manual_seed(2), settings)
    same = [torch.equal(a, b) for a, b in zip(out_images, images, strict=True)]
    assert any(same) and not all(same)


def test_rejects_masks_that_do_not_match_the_images():
    with pytest.raises(ValueError, match="masks"):
        augment_batch(torch.rand(2, 1, 8, 8), torch.zeros(2, 8, 9, dtype=torch.long), torch.Generator())


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_runs_on_cuda_with_the_same_seed_giving_the_same_output():
    images = torch.rand(4, 1, 64, 64, device="cuda")
    masks = (torch.rand(4, 64, 64, device="cuda") * 3).long()
    first = augment_batch(images, masks, torch.Generator().manual_seed(4))
    again = augment_batch(images, masks, torch.Generator().manual_seed(4))
    assert first[0].device.type == "cuda" and torch.equal(first[1], again[1])
    assert torch.equal(first[0], again[0])
